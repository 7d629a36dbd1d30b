import PortholeCore

/// The theme's word for each value the model has: Core keeps keys and
/// enums, and the words come from the theme (`ThemeStrings`, docs/themes.md).
extension ThemeStrings {
    func label(_ status: RAGStatus) -> String {
        switch status {
        case .green: self[.ragGreen]
        case .amber: self[.ragAmber]
        case .red: self[.ragRed]
        }
    }

    func meaning(_ status: RAGStatus) -> String {
        switch status {
        case .green: self[.ragGreenMeaning]
        case .amber: self[.ragAmberMeaning]
        case .red: self[.ragRedMeaning]
        }
    }

    /// "3 green", in a chart's description.
    func count(_ status: RAGStatus, _ count: Int) -> String {
        let key: Key =
            switch status {
            case .green: .ragGreenCount
            case .amber: .ragAmberCount
            case .red: .ragRedCount
            }
        return format(key, ["count": String(count)])
    }

    /// What a RAG badge shows: its key (for CSS), word, shape and meaning.
    func context(_ status: RAGStatus) -> PageContext {
        ["key": status.rawValue, "label": label(status), "symbol": status.symbol, "meaning": meaning(status)]
    }

    func label(_ state: Milestone.State) -> String {
        switch state {
        case .done: self[.stateDone]
        case .overdue: self[.stateOverdue]
        case .slipping: self[.stateSlipping]
        case .onTrack: self[.stateOnTrack]
        }
    }

    /// "4 done", in the timeline's description.
    func count(_ state: Milestone.State, _ count: Int) -> String {
        let key: Key =
            switch state {
            case .done: .stateDoneCount
            case .overdue: .stateOverdueCount
            case .slipping: .stateSlippingCount
            case .onTrack: .stateOnTrackCount
            }
        return format(key, ["count": String(count)])
    }

    func context(_ state: Milestone.State) -> PageContext { ["key": state.rawValue, "label": label(state)] }

    func label(_ kind: RaidItem.Kind) -> String {
        switch kind {
        case .risk: self[.kindRisk]
        case .issue: self[.kindIssue]
        case .assumption: self[.kindAssumption]
        case .dependency: self[.kindDependency]
        }
    }

    func label(_ status: RaidItem.Status) -> String {
        switch status {
        case .open: self[.raidOpen]
        case .mitigated: self[.raidMitigated]
        case .closed: self[.raidClosed]
        }
    }

    func label(_ band: RiskBand) -> String {
        switch band {
        case .high: self[.bandHigh]
        case .medium: self[.bandMedium]
        case .low: self[.bandLow]
        }
    }

    func label(_ status: Decision.Status) -> String {
        switch status {
        case .proposed: self[.decisionProposed]
        case .accepted: self[.decisionAccepted]
        case .rejected: self[.decisionRejected]
        case .superseded: self[.decisionSuperseded]
        }
    }

    /// A decision's entry title in the Atom feed: "D-0007 accepted: …".
    func feedTitle(_ decision: Decision) -> String {
        let key: Key =
            switch decision.status {
            case .proposed: .feedProposed
            case .accepted: .feedAccepted
            case .rejected: .feedRejected
            case .superseded: .feedSuperseded
            }
        return format(key, ["reference": decision.reference, "title": decision.title])
    }

    func title(_ section: ProjectSection) -> String {
        switch section {
        case .overview: self[.sectionOverview]
        case .milestones: self[.sectionMilestones]
        case .risks: self[.sectionRisks]
        case .decisions: self[.sectionDecisions]
        case .updates: self[.sectionUpdates]
        case .budget: self[.sectionBudget]
        case .changes: self[.sectionChanges]
        }
    }

    func label(_ status: ChangeRequest.Status) -> String {
        switch status {
        case .proposed: self[.changeProposed]
        case .approved: self[.changeApproved]
        case .rejected: self[.changeRejected]
        case .withdrawn: self[.changeWithdrawn]
        }
    }

    func label(_ access: AccessMode) -> String {
        switch access {
        case .public: self[.accessPublic]
        case .link: self[.accessLink]
        case .password: self[.accessPassword]
        }
    }

    /// "today", "yesterday", "3 days ago", "in 5 days", in the locale's
    /// words (ICU's, through Foundation: "vor 3 Tagen", "il y a 3 jours").
    func relativeDay(from today: CalendarDate, to day: CalendarDate) -> String {
        relativeDays.text(from: today, to: day)
    }
}
