import ArgumentParser
import Foundation
import PortholeCore
import PortholeHubSpot
import PortholeSite

struct HubSpotPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Write each project's delivery health to its HubSpot deal, and a roll-up to its company.",
        discussion:
            "Run it after `porthole build`, with the same content, --today and PORTHOLE_SECRET. --dry-run contacts nobody and needs no token."
    )

    @OptionGroup var content: ContentOptions
    @OptionGroup var hubspot: HubSpotOptions

    @Flag(help: "Also keep one CRM note per weekly update on the deal (created once, updated when the note changes).")
    var notes = false

    @Flag(help: "Also send password clients' projects (left out by default).")
    var includePasswordClients = false

    @Flag(help: "Print what would be written; send nothing.")
    var dryRun = false

    func run() async throws {
        let context = try HubSpotContent(content)
        let plan = try makePlan(context)
        for line in plan.leftOut { DiagnosticPrinter().printLine("porthole: note: left out: \(line)") }
        if dryRun {
            print(PushPlanText.render(plan))
            return
        }
        let outcome = try await hubspot.withAPI { try await HubSpotPush(api: $0).run(plan) }
        for line in outcome.missing { DiagnosticPrinter().printLine("porthole: warning: \(line)") }
        print(
            "hubspot push: deals \(outcome.dealsUpdated) updated, \(outcome.dealsUnchanged) left alone; companies \(outcome.companiesUpdated) updated, \(outcome.companiesUnchanged) left alone; notes \(outcome.notesCreated) created, \(outcome.notesUpdated) updated, \(outcome.notesUnchanged) left alone; \(outcome.propertiesCreated) properties created"
        )
    }

    /// The plan, with each portal's address from the link secret the build
    /// used (a push after `build` in CI has PORTHOLE_SECRET set).
    func makePlan(_ context: HubSpotContent) throws -> PushPlan {
        let environment = ProcessInfo.processInfo.environment
        var access: PortalAccess?
        if context.clients.contains(where: { $0.access != .public }) {
            switch SecretStore.secret(environment: environment, projectRoot: context.projectRoot, create: false) {
            case .success(let secret): access = PortalAccess(secret: secret.bytes)
            case .failure(let diagnostic): throw HubSpotContent.fail(diagnostic.message)
            }
        }
        let base = context.shared.portal.site.baseURL
        return PushPlan(
            clients: context.clients, playbooks: context.shared.playbooks, today: context.today,
            options: .init(notes: notes, includePasswordClients: includePasswordClients),
            portalURL: { client, project in
                let folder = client.access == .public ? client.slug : access?.folder(for: client)
                guard let folder else { return nil }
                return base + folder + "/" + (project.map { $0.slug + "/" } ?? "")
            })
    }
}

/// `push --dry-run`'s readable plan.
enum PushPlanText {
    static func render(_ plan: PushPlan) -> String {
        var lines = ["hubspot push --dry-run: nothing is sent; a push would write:"]
        for (kind, records) in [("deal", plan.deals), ("company", plan.companies)] {
            for record in records {
                lines.append("\(kind) \(record.id) (\(record.label))")
                for (name, value) in record.properties.sorted(by: { $0.key < $1.key }) {
                    lines.append("  \(name): \(value.isEmpty ? "(empty)" : value)")
                }
            }
        }
        if !plan.notes.isEmpty {
            lines.append("notes (one per weekly update; created once, updated when changed): \(plan.notes.count)")
            for note in plan.notes { lines.append("  \(note.updateID) on deal \(note.deal)") }
        }
        lines.append(
            "\(plan.deals.count) deal\(plan.deals.count == 1 ? "" : "s"), \(plan.companies.count) compan\(plan.companies.count == 1 ? "y" : "ies"), \(plan.notes.count) note\(plan.notes.count == 1 ? "" : "s")"
        )
        return lines.joined(separator: "\n")
    }
}
