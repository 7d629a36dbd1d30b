/// The fields the sign-off workflow adds to content (docs/client-email.md):
/// `signed_off` on gates and decisions, `people` in `portal.yaml`, and
/// e-mail addresses wherever they are read.
extension ContentLoader {
    /// `signed_off: { by, on, via }`; nil when absent or after an error.
    func loadSignOff(_ fields: Fields, _ reader: YAMLReader) -> SignOff? {
        guard let s = reader.mapping(fields.value("signed_off"), keys: ["by", "on", "via"], what: "signed_off") else { return nil }
        let by = s.line("by", required: true)
        let on = s.date("on", required: true)
        guard let by, let on else { return nil }
        return SignOff(by: by, on: on, via: s.line("via"), location: s.location)
    }

    /// `people:` in `portal.yaml`: name → e-mail address.
    func loadPeople(_ node: YAMLNode?, _ reader: YAMLReader) -> [String: String] {
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            reader.error("type", "'people' must be a mapping of names to e-mail addresses", at: node)
            return [:]
        }
        var people: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string, !name.allSatisfy(\.isWhitespace) else {
                reader.error("type", "a key of 'people' must be a person's name", at: key)
                continue
            }
            guard let email = value.scalar?.string else {
                reader.error("type", "the e-mail address of '\(name)' must be text", at: value)
                continue
            }
            if people[name] != nil {
                reader.error("duplicate-key", "duplicate key '\(name)' in people", at: key)
                continue
            }
            guard EmailAddress.isValid(email) else {
                reader.error("invalid-value", "'\(name)' is not given an e-mail address: '\(email)'", at: value)
                continue
            }
            people[name] = email
        }
        return people
    }
}

extension ContentLoader {
    /// A playbook's `digest_subject`: one line, naming only the values the
    /// digest gives (a misspelt `{cliend}` would be mailed as it is).
    func loadDigestSubject(_ fields: Fields, _ reader: YAMLReader) -> String? {
        guard let subject = fields.line("digest_subject") else { return nil }
        var rest = Substring(subject)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !Playbook.digestSubjectPlaceholders.contains(name) {
                reader.error(
                    "invalid-value",
                    "'digest_subject' can use {client}, {date} and {rag}, not {\(name)}\(Suggestion.hint(for: name, in: Playbook.digestSubjectPlaceholders))",
                    at: fields.valueLocation("digest_subject"))
                return nil
            }
            rest = rest[rest.index(after: close)...]
        }
        return subject
    }
}

/// The one rule for what Porthole takes as an e-mail address: it goes into
/// `mailto:` links and message headers, so nothing that could end a header
/// or an address list may be in it.
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else { return false }
        return text.filter { $0 == "@" }.count == 1
            && !text.contains(where: { $0.isWhitespace || "<>\"(),;:\\[]".contains($0) || !$0.isASCII || $0.asciiValue! < 0x20 })
    }
}
