/// Who may open a client's portal (site.md, "Access modes").
public enum AccessMode: String, Sendable, CaseIterable {
    case `public`, link, password
}

public struct Contact: Sendable {
    public var name: String
    public var role: String?
    public var email: String?
    /// A language tag (`de`, `fr-CH`) for the weekly e-mail; nil: the
    /// portal's `site.locale`.
    public var language: String? = nil
}

public struct Brand: Sendable {
    /// `#rrggbb`, lower case.
    public var color: String?
    /// A file in the client's folder, already checked to exist.
    public var logo: String?
    public var logoLocation: SourceLocation?
}

public struct Client: Sendable {
    public var slug: String
    public var name: String
    public var access: AccessMode
    public var contacts: [Contact]
    public var accountManager: String?
    public var accountManagerLocation: SourceLocation? = nil
    /// The client's language and formats (`client.yaml` `locale: fr-FR`),
    /// over the portal's `site.locale`; nil to use the portal's.
    public var locale: String?
    /// Where `locale` was given, for a warning about it.
    public var localeLocation: SourceLocation?
    public var brand: Brand
    /// `hubspot.company`: the HubSpot company record id.
    public var hubspotCompany: String? = nil
    public var projects: [Project]
    public var location: SourceLocation
    /// The client's folder on disk, for files such as the logo.
    public var folderPath: String
}
