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
    /// `capacity`: people who work less than a full week (internal only).
    public var capacity: [Capacity] = []
    public var location: SourceLocation
}
