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
        public var locale: String
        public var theme: String
    }

    public var agency: Agency
    public var site: Site
    public var location: SourceLocation
    /// `people`: the agency's people by name (as `account_manager` and `pm`
    /// name them) → e-mail address, for the portal's sign-off links.
    public var people: [String: String] = [:]
}
