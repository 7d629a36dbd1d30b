import PortholeCore

extension ThemeStrings {
    /// Every word Porthole's own code puts on a page, a feed, a calendar or
    /// the portfolio, by its key in `i18n/<lang>.yaml`. A theme must give
    /// each of them in `en.yaml` (checked when the theme loads); templates
    /// may use these and any other key of the file as `{{t.key}}`.
    ///
    /// Keys ending in `.one` and `.other` are the two forms of a phrase with
    /// a number (`plural`): English uses `one` for 1 and `other` otherwise.
    public enum Key: String, CaseIterable, Sendable {
        // The project's status (RAG) and what each means.
        case ragGreen = "rag.label.green"
        case ragAmber = "rag.label.amber"
        case ragRed = "rag.label.red"
        case ragGreenMeaning = "rag.meaning.green"
        case ragAmberMeaning = "rag.meaning.amber"
        case ragRedMeaning = "rag.meaning.red"
        case ragGreenCount = "rag.count.green"
        case ragAmberCount = "rag.count.amber"
        case ragRedCount = "rag.count.red"
        // Milestones.
        case stateDone = "milestone.state.done"
        case stateOverdue = "milestone.state.overdue"
        case stateSlipping = "milestone.state.slipping"
        case stateOnTrack = "milestone.state.on_track"
        case stateDoneCount = "milestone.count.done"
        case stateOverdueCount = "milestone.count.overdue"
        case stateSlippingCount = "milestone.count.slipping"
        case stateOnTrackCount = "milestone.count.on_track"
        case milestoneSlip = "milestone.slip"
        // The RAID log.
        case kindRisk = "raid.kind.risk"
        case kindIssue = "raid.kind.issue"
        case kindAssumption = "raid.kind.assumption"
        case kindDependency = "raid.kind.dependency"
        case raidOpen = "raid.status.open"
        case raidMitigated = "raid.status.mitigated"
        case raidClosed = "raid.status.closed"
        case bandHigh = "raid.band.high"
        case bandMedium = "raid.band.medium"
        case bandLow = "raid.band.low"
        // Decisions.
        case decisionProposed = "decision.status.proposed"
        case decisionAccepted = "decision.status.accepted"
        case decisionRejected = "decision.status.rejected"
        case decisionSuperseded = "decision.status.superseded"
        // A project's sections (tabs, page titles, breadcrumbs).
        case sectionOverview = "section.overview"
        case sectionMilestones = "section.milestones"
        case sectionRisks = "section.risks"
        case sectionDecisions = "section.decisions"
        case sectionUpdates = "section.updates"
        case sectionBudget = "section.budget"
        case sectionChanges = "section.changes"
        // Budget, earned value, change requests and KPIs.
        case budgetHours = "budget.hours"
        case budgetSpentVsComplete = "budget.spent_vs_complete"
        case budgetForecast = "budget.forecast"
        case budgetCPIOver = "budget.cpi.over"
        case budgetCPIUnder = "budget.cpi.under"
        case budgetCPIOn = "budget.cpi.on"
        case budgetCPINone = "budget.cpi.none"
        case budgetSPIBehind = "budget.spi.behind"
        case budgetSPIAhead = "budget.spi.ahead"
        case budgetSPIOn = "budget.spi.on"
        case budgetSPINone = "budget.spi.none"
        case changeProposed = "change.status.proposed"
        case changeApproved = "change.status.approved"
        case changeRejected = "change.status.rejected"
        case changeWithdrawn = "change.status.withdrawn"
        case changeDays = "change.days"
        case changeBaselineBudget = "change.baseline.budget"
        case kpiValue = "kpi.value"
        case burnUpTitle = "chart.burnup.title"
        case burnUpDescription = "chart.burnup.description"
        case sparklineDescription = "chart.sparkline.description"
        // Who may open a portal (the portfolio).
        case accessPublic = "access.public"
        case accessLink = "access.link"
        case accessPassword = "access.password"
        // Page titles and page texts.
        case clientTitle = "page.client.title"
        case updateTitle = "page.update.title"
        case decisionTitle = "page.decision.title"
        case landingTitle = "page.landing.title"
        case notFoundTitle = "page.not_found.title"
        case lockedTitle = "page.locked.title"
        case awaitingOne = "client.awaiting.one"
        case awaitingOther = "client.awaiting.other"
        case projectStale = "project.stale"
        case projectFeedTitle = "project.feed_title"
        case nextMilestonesOne = "overview.next_milestones.one"
        case nextMilestonesOther = "overview.next_milestones.other"
        case progress = "overview.progress"
        case milestonesCaption = "milestones.caption"
        // Charts (SVG titles, descriptions and labels, read by screen readers).
        case timelineTitle = "chart.timeline.title"
        case timelineDescription = "chart.timeline.description"
        case timelineStart = "chart.timeline.start"
        case timelineTarget = "chart.timeline.target"
        case timelineToday = "chart.timeline.today"
        case timelinePoint = "chart.timeline.point"
        case timelinePointDone = "chart.timeline.point_done"
        case timelinePointGate = "chart.timeline.point_gate"
        case timelinePointEnd = "chart.timeline.point_end"
        case historyTitle = "chart.history.title"
        case historyDescription = "chart.history.description"
        case historyCell = "chart.history.cell"
        case heatmapTitle = "chart.heatmap.title"
        case heatmapItem = "chart.heatmap.item"
        case heatmapImpactAxis = "chart.heatmap.impact_axis"
        case heatmapProbabilityAxis = "chart.heatmap.probability_axis"
        // The Atom feed.
        case feedTitle = "feed.title"
        case feedSubtitle = "feed.subtitle"
        case feedUpdateTitle = "feed.update.title"
        case feedUpdateStatus = "feed.update.status"
        case feedUpdateMeaning = "feed.update.meaning"
        case feedProposed = "feed.decision.proposed"
        case feedAccepted = "feed.decision.accepted"
        case feedRejected = "feed.decision.rejected"
        case feedSuperseded = "feed.decision.superseded"
        // The milestone calendar.
        case calendarName = "calendar.name"
        case calendarDescription = "calendar.description"
        case eventTitle = "calendar.event.title"
        case eventTitleGate = "calendar.event.title_gate"
        case eventStatus = "calendar.event.status"
        case eventBaseline = "calendar.event.baseline"
        case eventBaselineMoved = "calendar.event.baseline_moved"
        case eventForecast = "calendar.event.forecast"
        case eventDone = "calendar.event.done"
        case eventGate = "calendar.event.gate"
        case eventOwner = "calendar.event.owner"
        // The agency's portfolio.
        case portfolioTitle = "portfolio.title"
        case portfolioNone = "portfolio.count.none"
        case portfolioStale = "portfolio.count.stale"
        case portfolioOverdue = "portfolio.count.overdue"
        case rowStale = "portfolio.row.stale"
        case rowAwaitingLate = "portfolio.row.awaiting_late"
        case trendOne = "portfolio.trend.one"
        case trendOther = "portfolio.trend.other"
        case portfolioProjectTitle = "portfolio.project.title"
        case portfolioBreadcrumb = "portfolio.project.breadcrumb"
        case portfolioProjectStale = "portfolio.project.stale"
        case portfolioHealthTitle = "portfolio.health.title"
        case portfolioHealthDescription = "portfolio.health.description"
        // Sign-off from the portal: the e-mails' words, and a recorded sign-off.
        case signOffKindGate = "signoff.kind.gate"
        case signOffKindDecision = "signoff.kind.decision"
        case signOffKindChange = "signoff.kind.change"
        case signOffApproveSubject = "signoff.mail.approve.subject"
        case signOffApproveBody = "signoff.mail.approve.body"
        case signOffChangesSubject = "signoff.mail.changes.subject"
        case signOffChangesBody = "signoff.mail.changes.body"
        case signedOff = "signoff.recorded"
        case signedOffVia = "signoff.recorded_via"
        // The client's weekly e-mail (porthole digest).
        case digestSubject = "digest.subject"
        case digestNoStatus = "digest.no_status"
        case digestLockedStatus = "digest.locked_status"
        case digestWeek = "digest.week"
        case digestGate = "digest.gate"
        case digestAnswerBy = "digest.answer_by"
        // Words of the sign-off links' and the e-mail's templates ({{t.…}}).
        case signOffApprove = "signoff.approve"
        case signOffRequestChanges = "signoff.request_changes"
        case signOffHint = "signoff.hint"
        case digestHeading = "digest.heading"
        case digestOverall = "digest.overall"
        case digestLatest = "digest.latest"
        case digestThisWeek = "digest.this_week"
        case digestNoUpdate = "digest.no_update"
        case digestMilestones = "digest.milestones"
        case digestDecisions = "digest.decisions"
        case digestOpenProject = "digest.open_project"
        case digestOpenPortal = "digest.open_portal"
        case digestLocked = "digest.locked"
        case digestFooter = "digest.footer"

        /// The values that are numbers: written in the language's digits,
        /// and the ones a `{name, plural, …}` choice can count.
        public static let numericPlaceholders: Set<String> = ["count", "days", "done", "total", "allowed"]

        /// The `{names}` the key's text may use; the code gives each.
        public var placeholders: [String] {
            switch self {
            case .ragGreenCount, .ragAmberCount, .ragRedCount, .stateDoneCount, .stateOverdueCount, .stateSlippingCount,
                .stateOnTrackCount, .awaitingOne, .awaitingOther, .nextMilestonesOne, .nextMilestonesOther, .milestonesCaption,
                .heatmapTitle, .rowAwaitingLate, .trendOne, .trendOther:
                ["count"]
            case .milestoneSlip, .projectStale, .rowStale: ["days"]
            case .clientTitle: ["client"]
            case .updateTitle, .timelinePointDone, .eventBaseline, .eventForecast, .eventDone: ["date"]
            case .decisionTitle, .feedProposed, .feedAccepted, .feedRejected, .feedSuperseded: ["reference", "title"]
            case .landingTitle, .notFoundTitle, .lockedTitle, .feedSubtitle, .portfolioTitle: ["agency"]
            case .projectFeedTitle: ["project"]
            case .progress: ["done", "total"]
            case .timelineDescription, .historyDescription: ["count", "first", "last", "summary"]
            case .timelinePoint: ["id", "title", "state", "due", "forecast"]
            case .historyCell: ["date", "status", "headline"]
            case .heatmapItem: ["id", "title", "probability", "impact"]
            case .feedTitle, .calendarName, .portfolioProjectTitle: ["project", "client"]
            case .feedUpdateTitle: ["date", "headline"]
            case .feedUpdateStatus: ["status"]
            case .eventStatus: ["state"]
            case .eventBaselineMoved: ["date", "original"]
            case .feedUpdateMeaning: ["meaning"]
            case .calendarDescription: ["project", "agency"]
            case .eventTitle, .eventTitleGate: ["id", "title"]
            case .eventOwner: ["owner"]
            case .portfolioProjectStale: ["days", "playbook", "allowed"]
            case .portfolioHealthTitle: ["weeks"]
            case .portfolioHealthDescription: ["weeks", "first", "last"]
            case .signOffApproveSubject, .signOffChangesSubject: ["id", "title", "project", "reference"]
            case .signOffApproveBody, .signOffChangesBody: ["name", "kind", "id", "title", "project", "reference"]
            case .signedOff: ["by", "date"]
            case .signedOffVia: ["by", "date", "via"]
            case .digestSubject: Playbook.digestSubjectPlaceholders
            case .digestWeek: ["from", "to"]
            case .digestAnswerBy: ["date"]
            case .budgetHours: ["value"]
            case .budgetSpentVsComplete: ["spent", "complete"]
            case .budgetForecast: ["forecast", "budget"]
            case .budgetCPIOver, .budgetCPIUnder, .budgetCPIOn: ["cpi"]
            case .budgetSPIBehind, .budgetSPIAhead, .budgetSPIOn: ["spi", "percent"]
            case .changeDays: ["days"]
            case .kpiValue: ["value", "unit"]
            case .burnUpDescription: ["first", "last", "budget", "spent"]
            case .sparklineDescription: ["name", "first", "last", "latest", "baseline", "target"]
            default: []
            }
        }
    }
}
