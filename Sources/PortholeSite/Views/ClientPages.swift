import PortholeCore
import PortholeMarkdown

extension PortalView {
    /// `<client-dir>/index.html`: every project with RAG, phase, next
    /// milestone and latest headline (site.md).
    func clientHome() -> PageContext {
        let depth = PageDepth(belowClient: 0)
        var context = layout(title: words.format(.clientTitle, ["client": client.name]), depth: depth, breadcrumbs: [])
        context["projects"] = client.projects.map { project -> PageContext in
            var row: PageContext = [
                "name": project.name,
                "href": "\(project.slug)/index.html",
                "pm": project.pm,
            ]
            if let phase = project.phase { row["phase"] = phase }
            if let latest = project.latestUpdate {
                row["rag"] = words.context(latest.status)
                row["headline"] = latest.headline
                row["updated"] = dates.medium(latest.date)
                row["updatedISO"] = latest.date.description
                row["updatedRelative"] = words.relativeDay(from: today, to: latest.date)
            }
            if let next = project.upcomingMilestones.first { row["next"] = milestoneRow(next) }
            let health = ProjectHealth(project: project, playbook: playbooks[project.playbook], today: today)
            let awaiting = health.decisionsAwaitingClient.count
            if awaiting > 0 { row["awaiting"] = words.plural(.awaitingOne, .awaitingOther, count: awaiting) }
            return row
        }
        if let manager = client.accountManager { context["accountManager"] = manager }
        return context
    }
}
