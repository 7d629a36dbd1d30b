/// Agency-wide settings from `portal.yaml`.
public struct Portal: Sendable {
    public struct Agency: Sendable {
        public var name: String
        public var url: String?
        public var contact: String?
    }

    public struct Site: Sendable {
        /// Always ends with "/".
        public var baseURL: String
        public var timezone: String
        /// The portal's language and formats (`en-US` when not given); a
        /// client may have its own (`Client.locale`).
        public var locale: String
        public var theme: String
        /// Where `locale` was given (portal.yaml itself when it was not).
        public var localeLocation: SourceLocation? = nil
    }

    public var agency: Agency
    public var site: Site
    /// `capacity`: people who work less than a full week (internal only).
    public var capacity: [Capacity] = []
    public var location: SourceLocation
    /// `people`: the agency's people by name (as `account_manager` and `pm`
    /// name them) → e-mail address, for the portal's sign-off links.
    public var people: [String: String] = [:]
    /// `hubspot:`; empty when absent.
    public var hubspot = HubSpotSettings()
}

/// The rules for `site:` values, in one place: `portal.yaml` is checked
/// with them, and so are `porthole init`'s flags and `build --base-url`.
extension Portal.Site {
    /// An absolute `https://` or `http://` URL with no spaces, quotes or
    /// angle brackets (it is written into feeds, calendars and pages).
    public static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && text.count > 8
            && !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" })
    }

    /// `base_url` as the site uses it: always ending with "/".
    public static func normalizedBaseURL(_ url: String) -> String {
        url.hasSuffix("/") ? url : url + "/"
    }

    /// A language tag such as `en-GB`: letters, digits and `-` only.
    public static func isLocaleTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            && parts[0].allSatisfy(\.isLetter)
    }
}
