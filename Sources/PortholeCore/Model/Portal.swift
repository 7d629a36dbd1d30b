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
    public var location: SourceLocation
}
