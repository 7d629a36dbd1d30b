/// Passwords of password-mode portals (site.md): from the environment
/// (`PORTHOLE_PASSWORD_<CLIENT>`) or a YAML file outside `content/`
/// (`client-slug: password`), never from content.
public struct Passwords: Sendable {
    private let fromFile: [String: String]
    private let environment: [String: String]

    public init(fromFile: [String: String] = [:], environment: [String: String]) {
        self.fromFile = fromFile
        self.environment = environment
    }

    /// `PORTHOLE_PASSWORD_ACME_OUTDOOR` for `acme-outdoor`.
    public static func variable(for slug: String) -> String {
        "PORTHOLE_PASSWORD_" + slug.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The environment wins over the file, so CI can override one client.
    public func password(for slug: String) -> String? {
        if let value = environment[Self.variable(for: slug)], !value.isEmpty { return value }
        if let value = fromFile[slug], !value.isEmpty { return value }
        return nil
    }

    /// Reads a passwords file; refuses one inside the content folder, which
    /// would publish passwords to the repository that holds the content.
    public static func load(path: String, display: String, contentRoot: String) -> (Passwords?, DiagnosticLog) {
        var log = DiagnosticLog()
        let location = SourceLocation(file: display)
        if path == contentRoot || path.hasPrefix(contentRoot + "/") {
            log.error("passwords", "the passwords file must be outside the content folder", at: location)
            return (nil, log)
        }
        guard case .success(let text) = ContentDisk.readText(path) else {
            log.error("passwords", "cannot read the passwords file", at: location)
            return (nil, log)
        }
        let reader = YAMLReader(file: display)
        guard let root = reader.parse(text) else { return (nil, reader.log) }
        guard let mapping = root.mapping else {
            reader.error("passwords", "the passwords file must map client slugs to passwords (acme: \"…\")", at: root)
            return (nil, reader.log)
        }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard let slug = key.scalar?.string, Slug.isValid(slug) else {
                reader.error("passwords", "keys of the passwords file must be client slugs", at: key)
                continue
            }
            guard let password = value.scalar?.string, !password.isEmpty else {
                reader.error("passwords", "the password of '\(slug)' must be text", at: value)
                continue
            }
            values[slug] = password
        }
        return (reader.log.hasErrors ? nil : Passwords(fromFile: values, environment: [:]), reader.log)
    }

    public func merging(environment: [String: String]) -> Passwords {
        Passwords(fromFile: fromFile, environment: environment)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
