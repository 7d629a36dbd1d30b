import PortholeCore
import PortholeMarkdown

extension PortalView {
    /// `<client-dir>/index.html`: every project with RAG, phase, next
    /// milestone and latest headline (site.md).
    func clientHome() -> PageContext {
        let depth = PageDepth(belowClient: 0)
        var context = layout(title: "\(client.name) · Project status", depth: depth, breadcrumbs: [])
        context["projects"] = client.projects.map { project -> PageContext in
            var row: PageContext = [
                "name": project.name,
                "href": "\(project.slug)/index.html",
                "pm": project.pm,
            ]
            if let phase = project.phase { row["phase"] = phase }
            if let latest = project.latestUpdate {
                row["rag"] = latest.status.context
                row["headline"] = latest.headline
                row["updated"] = dates.medium(latest.date)
                row["updatedISO"] = latest.date.description
                row["updatedRelative"] = DateText.relative(from: today, to: latest.date)
            }
            if let next = project.upcomingMilestones.first { row["next"] = milestoneRow(next) }
            let awaiting = project.decisions.filter(\.awaitsClient).count
            if awaiting > 0 { row["awaiting"] = awaiting == 1 ? "1 decision needs your answer" : "\(awaiting) decisions need your answer" }
            return row
        }
        if let manager = client.accountManager { context["accountManager"] = manager }
        return context
    }
}
