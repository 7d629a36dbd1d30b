import Foundation
import PortholeCore

/// What `porthole init` writes: a new agency folder that checks and builds
/// at once. The files are real files in the repository, built in by the
/// EmbedAgencyTemplate plugin (`scaffold/agency`, the example agency's
/// playbooks, and the tested GitHub Actions recipe from `ci/`), so they are
/// read, diffed and tested as what they are rather than as Swift strings.
/// This fills them in; it does no I/O.
///
/// In names and text, `{{key}}` is replaced by the value of `key`, and
/// `{{today+N}}` by the date N days after today (the example project's
/// milestones, so that a new agency has nothing overdue or stale). A file
/// named `dot-x` is written as `.x`: the plugin, like a theme, leaves out
/// names starting with `.`.
public enum AgencyTemplate {
    public struct File: Sendable, Equatable {
        /// Relative to the agency folder: `content/portal.yaml`.
        public let path: String
        public let bytes: [UInt8]
        /// Shell scripts (the CI recipe's) are written executable.
        public var executable: Bool { path.hasSuffix(".sh") }
    }

    public struct Settings: Sendable {
        public var agencyName: String
        public var baseURL: String
        public var timezone: String
        public var locale: String
        public var today: CalendarDate

        public init(agencyName: String, baseURL: String, timezone: String, locale: String, today: CalendarDate) {
            self.agencyName = agencyName
            self.baseURL = baseURL
            self.timezone = timezone
            self.locale = locale
            self.today = today
        }
    }

    /// The problems with the settings, one message each (empty when fine),
    /// by the rules `portal.yaml` is checked with.
    public static func problems(_ settings: Settings) -> [String] {
        var problems: [String] = []
        if settings.agencyName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            || settings.agencyName.contains(where: \.isNewline)
        {
            problems.append("--name must be one line of text")
        }
        if !Portal.Site.isWebURL(settings.baseURL) {
            problems.append("--base-url must be an absolute https:// or http:// URL (got '\(settings.baseURL)')")
        }
        if !PortalClock.isKnownTimeZone(settings.timezone) {
            problems.append("--time-zone '\(settings.timezone)' is not an IANA time zone name (like Europe/London)")
        }
        if !Portal.Site.isLocaleTag(settings.locale) {
            problems.append("--locale must be a language tag like en-GB (got '\(settings.locale)')")
        }
        return problems
    }

    /// The built-in template's files, filled in.
    public static func files(_ settings: Settings) -> [File] {
        let raw = EmbeddedAgencyTemplate.files.map {
            (path: $0.path, bytes: Data(base64Encoded: $0.base64).map { Array($0) } ?? [])
        }
        return fill(raw, settings)
    }

    /// `files` filled in with `settings` (separate from the built-in files
    /// so that it can be tested on its own).
    public static func fill(_ files: [(path: String, bytes: [UInt8])], _ settings: Settings) -> [File] {
        let values = [
            "agency_name": settings.agencyName,
            "agency_name_yaml": Scaffold.quoted(settings.agencyName),
            "base_url_yaml": Scaffold.quoted(Portal.Site.normalizedBaseURL(settings.baseURL)),
            "timezone_yaml": Scaffold.quoted(settings.timezone),
            "locale_yaml": Scaffold.quoted(settings.locale),
        ]
        return files.map { file in
            var path = substitute(file.path, values: values, today: settings.today)
            path = path.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix("dot-") ? "." + part.dropFirst(4) : String(part)
            }.joined(separator: "/")
            // Only text files hold placeholders; the rest is copied as is.
            guard let text = String(validating: file.bytes, as: UTF8.self), text.contains("{{") else {
                return File(path: path, bytes: file.bytes)
            }
            return File(path: path, bytes: Array(substitute(text, values: values, today: settings.today).utf8))
        }
    }

    /// `{{key}}` and `{{today+N}}` replaced; anything else between braces
    /// (a GitHub expression `${{ … }}`, which has spaces) left as it is.
    static func substitute(_ text: String, values: [String: String], today: CalendarDate) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let key = String(rest[open.upperBound..<close.lowerBound])
            if let value = values[key] {
                out += value
            } else if key == "today" {
                out += today.description
            } else if key.hasPrefix("today+"), let days = Int(key.dropFirst(6)) {
                out += today.adding(days: days).description
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
