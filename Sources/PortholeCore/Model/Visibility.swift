extension Project {
    /// The project as its client may see it: no `internal: true` milestone,
    /// RAID item, decision, change request or KPI, and no budget unless it
    /// is `visibility: client` (site.md property 2). `## Internal` sections are
    /// already gone from every note's HTML (`MarkdownNote`).
    public var clientVisible: Project {
        var visible = self
        visible.milestones = milestones.filter { !$0.isInternal }
        visible.risks = risks.filter { !$0.isInternal }
        visible.decisions = decisions.filter { !$0.isInternal }
        visible.changeRequests = changeRequests.filter { !$0.isInternal }
        visible.kpis = kpis.filter { !$0.isInternal }
        let kpiIDs = Set(visible.kpis.map(\.id))
        visible.updates = updates.map { update in
            var update = update
            update.kpiValues = update.kpiValues.filter { kpiIDs.contains($0.kpi) }
            if budget?.isClientVisible != true { update.spent = nil }
            return update
        }
        // Budgets are commercial data: gone unless `visibility: client`.
        if budget?.isClientVisible != true {
            visible.budget = nil
            visible.spend = []
            visible.timeEntries = []
        }
        return visible
    }

    /// Milestones not yet done, soonest forecast first.
    public var upcomingMilestones: [Milestone] {
        milestones.filter { $0.done == nil }.sorted { ($0.forecast, $0.id) < ($1.forecast, $1.id) }
    }

    /// Open RAID items, highest score first.
    public var openRisksByScore: [RaidItem] {
        risks.filter(\.isOpen).sorted { ($1.score, $0.id) < ($0.score, $1.id) }
    }
}

extension Client {
    public var clientVisible: Client {
        var visible = self
        visible.projects = projects.map(\.clientVisible)
        return visible
    }
}
