/// Who receives a client's sign-off e-mail from the portal: the account
/// manager, with a copy to the project's PM, by their addresses in
/// `portal.yaml`'s `people` (docs/client-email.md). One definition, read by
/// the portal's links and by `porthole check`.
public struct SignOffRecipients: Sendable, Equatable {
    public var to: [String]
    public var cc: [String]
    /// The account manager's name, for the mail's greeting.
    public var name: String

    /// Nil when the account manager has no address: the portal then shows
    /// no links at all rather than links that go nowhere.
    public init?(client: Client, project: Project, people: [String: String]) {
        guard let manager = client.accountManager, let address = people[manager] else { return nil }
        to = [address]
        cc = people[project.pm].map { $0 == address ? [] : [$0] } ?? []
        name = manager
    }
}

extension ProjectRules {
    /// Once the agency lists its people (`people` in portal.yaml), a client
    /// with something to sign off whose account manager has no address gets
    /// no links on its portal: said, so it is not a surprise.
    public func checkSignOffRecipients(_ client: Client, people: [String: String]) -> DiagnosticLog {
        var log = DiagnosticLog()
        guard !people.isEmpty else { return log }
        let visible = client.clientVisible
        let awaiting = visible.projects.filter { project in
            project.milestones.contains(where: \.awaitsSignOff) || project.decisions.contains(where: \.awaitsClient)
        }
        guard let project = awaiting.first else { return log }
        if SignOffRecipients(client: client, project: project, people: people) == nil {
            let who =
                client.accountManager.map { "account manager '\($0)' is not in portal.yaml's people" } ?? "client has no account_manager"
            log.warning(
                "no-sign-off-address",
                "\(who), so the portal shows no Approve or Request changes links for \(project.name)",
                at: client.accountManagerLocation ?? client.location)
        }
        for project in awaiting where people[project.pm] == nil {
            log.warning(
                "no-sign-off-address", "PM '\(project.pm)' is not in portal.yaml's people, so sign-off e-mails go without a copy to them",
                at: project.location)
        }
        return log
    }
}
