import PortholeCore
import PortholeMarkdown

/// The page values of one milestone, RAID item or decision: the same on the
/// portal and in the agency's portfolio, which adds what only it shows.
struct RecordRows {
    let today: CalendarDate
    let dates: DateText
    let words: ThemeStrings

    /// A milestone an approved change request moved shows its current
    /// baseline (and forecast), with the original baseline beside them.
    func milestone(_ milestone: Milestone) -> PageContext {
        let state = milestone.state(today: today)
        var row: PageContext = [
            "id": milestone.id,
            "anchor": CrossReferenceTargets.milestoneAnchor(milestone.id),
            "title": milestone.title,
            "due": dates.medium(milestone.due),
            "dueISO": milestone.due.description,
            "forecast": dates.medium(milestone.forecast),
            "forecastISO": milestone.forecast.description,
            "moved": milestone.forecast != milestone.due,
            "state": words.context(state),
            "gate": milestone.gate,
        ]
        if let done = milestone.done {
            row["done"] = dates.medium(done)
            row["doneISO"] = done.description
        }
        if let owner = milestone.owner { row["owner"] = owner }
        if let signOff = milestone.signedOff { row["signedOff"] = signedOff(signOff) }
        if milestone.slipDays > 0 { row["slip"] = words.format(.milestoneSlip, ["days": String(milestone.slipDays)]) }
        if milestone.originalDue != milestone.due {
            row["originalDue"] = dates.medium(milestone.originalDue)
            row["originalDueISO"] = milestone.originalDue.description
        }
        return row
    }

    /// `milestones`: where the item's threatened milestone is looked up, to
    /// name it with its title; `highRiskScore`: the project's
    /// (`ProjectHealth`), where its band turns high.
    func risk(_ risk: RaidItem, milestones: [Milestone], highRiskScore: Int) -> PageContext {
        let band = RiskBand(score: risk.score, highFrom: highRiskScore)
        var row: PageContext = [
            "id": risk.id,
            "anchor": CrossReferenceTargets.raidAnchor(risk.id),
            "type": words.label(risk.kind),
            "typeKey": risk.kind.rawValue,
            "title": risk.title,
            "probability": risk.probability,
            "impact": risk.impact,
            "score": risk.score,
            "band": band.rawValue,
            "bandLabel": words.label(band),
            "status": risk.status.rawValue,
            "statusLabel": words.label(risk.status),
            "open": risk.isOpen,
        ]
        if let owner = risk.owner { row["owner"] = owner }
        if let mitigation = risk.mitigation, !mitigation.isEmpty { row["mitigation"] = MarkdownNote.html(mitigation) }
        if let raised = risk.raised { row["raised"] = dates.medium(raised) }
        if let id = risk.milestone, let milestone = milestones.first(where: { $0.id == id }) {
            row["milestone"] = "\(milestone.id) \(milestone.title)"
        }
        return row
    }

    func decision(_ decision: Decision) -> PageContext {
        var row: PageContext = [
            "reference": decision.reference,
            "title": decision.title,
            "date": dates.medium(decision.date),
            "dateISO": decision.date.description,
            "status": decision.status.rawValue,
            "statusLabel": words.label(decision.status),
            "awaitsClient": decision.awaitsClient,
        ]
        if let signOff = decision.signedOff { row["signedOff"] = signedOff(signOff) }
        if let due = decision.due, decision.awaitsClient {
            row["due"] = dates.medium(due)
            row["dueISO"] = due.description
            row["dueRelative"] = words.relativeDay(from: today, to: due)
        }
        return row
    }

    /// "Signed off by Karen Lund on 12 Nov 2026 (e-mail)".
    func signedOff(_ signOff: SignOff) -> String {
        let date = dates.medium(signOff.on)
        guard let via = signOff.via else { return words.format(.signedOff, ["by": signOff.by, "date": date]) }
        return words.format(.signedOffVia, ["by": signOff.by, "date": date, "via": via])
    }

    /// How the latest update shows in a project's header facts.
    func latest(_ update: WeeklyUpdate) -> PageContext {
        [
            "rag": words.context(update.status),
            "headline": update.headline,
            "updated": dates.medium(update.date),
            "updatedISO": update.date.description,
            "updatedRelative": words.relativeDay(from: today, to: update.date),
        ]
    }
}
