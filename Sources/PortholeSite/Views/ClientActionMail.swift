import PortholeCore

/// The e-mail a client sends from its portal to answer for one item (a
/// gate to sign off, a proposed decision; later a change request): to the
/// account manager, a copy to the PM, the subject and body the theme's words
/// make from the item's kind, id and title, the project and a short
/// reference the agency can record the reply by (docs/client-email.md).
struct ClientActionMail: Sendable {
    /// What the mail is about.
    struct Item: Sendable {
        /// The theme's word for the kind of item ("gate", "decision").
        var kind: String
        var id: String
        var title: String
    }

    let client: Client
    let project: Project
    let recipients: SignOffRecipients
    let words: ThemeStrings

    /// `fenwick-outdoor/shopify-plus-migration/M6`: the item, findable in
    /// the content by anyone who reads the reply.
    func reference(_ item: Item) -> String { "\(client.slug)/\(project.slug)/\(item.id)" }

    /// The link for one action: `subject` and `body` are the theme's keys
    /// for it, each given the same values.
    func link(_ item: Item, subject: ThemeStrings.Key, body: ThemeStrings.Key) -> MailtoLink {
        let values: KeyValuePairs<String, String> = [
            "name": recipients.name, "kind": item.kind, "id": item.id, "title": item.title, "project": project.name,
            "reference": reference(item),
        ]
        return MailtoLink(
            to: recipients.to, cc: recipients.cc, subject: words.format(subject, values), body: words.format(body, values))
    }

    /// The portal's two sign-off actions, as a template's `signOff`.
    func signOffActions(_ item: Item) -> PageContext {
        [
            "approve": link(item, subject: .signOffApproveSubject, body: .signOffApproveBody).uri,
            "changes": link(item, subject: .signOffChangesSubject, body: .signOffChangesBody).uri,
            "id": item.id,
        ]
    }
}
