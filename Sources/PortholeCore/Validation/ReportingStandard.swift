import PortholeMarkdown

/// The reporting discipline beyond the note's shape: the data and the words
/// must agree (docs/writing-updates.md, "What the check looks for").
extension ProjectRules {
    func checkStandard(_ project: Project, _ log: inout DiagnosticLog) {
        checkDecisionsDue(project, &log)
        checkNoFutureDates(project, &log)
        checkGatesSignedOff(project, &log)
    }

    func checkDecisionsDue(_ project: Project, _ log: inout DiagnosticLog) {
        for decision in project.decisions where decision.status == .proposed {
            if let due = decision.due, due < today {
                log.warning(
                    "decision-overdue",
                    "\(decision.reference) is still proposed but its answer was due \(due); record the decision or move 'due'",
                    at: decision.dueLocation ?? decision.location)
            }
        }
    }

    func checkNoFutureDates(_ project: Project, _ log: inout DiagnosticLog) {
        for milestone in project.milestones {
            if let done = milestone.done, done > today {
                log.warning(
                    "future-date", "milestone \(milestone.id) is marked done on \(done), which is after today (\(today))",
                    at: milestone.location)
            }
        }
        // A sign-off is recorded once it was given: one dated later is a typo.
        let signOffs = project.milestones.compactMap(\.signedOff) + project.decisions.compactMap(\.signedOff)
        for signOff in signOffs where signOff.on > today {
            log.warning("future-date", "sign-off is dated \(signOff.on), after today (\(today))", at: signOff.location)
        }
        for update in project.updates where update.date > today {
            log.warning(
                "future-date", "update is dated \(update.date), after today (\(today)); it already sets the project's status",
                at: update.location)
        }
    }

    /// A gate is the client's sign-off: when one is marked done, an update
    /// written around or after that day, or a decision that was taken, must
    /// say it was signed off, on the same line as the milestone's id.
    /// A gate with a recorded `signed_off` needs no words for it; nor does
    /// one that a decision with a recorded sign-off names.
    func checkGatesSignedOff(_ project: Project, _ log: inout DiagnosticLog) {
        let recorded = project.decisions.filter { $0.signedOff != nil }.map { $0.title + "\n" + $0.body }
        let gates = project.milestones.filter { gate in
            gate.gate && gate.done != nil && gate.signedOff == nil
                && !recorded.contains { TextSearch.mentions($0, id: gate.id) }
        }
        guard !gates.isEmpty else { return }
        let decisionTexts = project.decisions.filter { $0.status == .accepted || $0.status == .superseded }
            .map { $0.title + "\n" + $0.body }
        // Only updates a gate's window can reach are read.
        let earliest = gates.map { $0.done!.adding(days: -7) }.min()!
        // Dates and bodies only: a whole update copied is a dozen retains.
        let updates = project.updates.compactMap { $0.date >= earliest ? (date: $0.date, body: $0.body) : nil }
        // A line that names the gate is in a text that names it: the texts
        // are searched for the id first (rare, found with memchr), and only
        // those that name it are read line by line for the phrases.
        func signedOff(_ id: String, in text: String) -> Bool {
            TextSearch.mentions(text, id: id)
                && TextSearch.lines(of: text, containingAny: Self.signOffPhrases).contains { TextSearch.mentions($0, id: id) }
        }
        for milestone in gates {
            let from = milestone.done!.adding(days: -7)
            let texts = updates.compactMap { $0.date >= from ? $0.body : nil } + decisionTexts
            if !texts.contains(where: { signedOff(milestone.id, in: $0) }) {
                log.warning(
                    "gate-without-sign-off",
                    "gate \(milestone.id) '\(milestone.title)' is marked done on \(milestone.done!), but no update from that week on, nor a decision, records its sign-off (write '\(milestone.id) signed off by …')",
                    at: milestone.location)
            }
        }
    }

    /// Past-tense phrases only: "until M5 is signed off" still counts, but a
    /// milestone title such as "Design sign-off" no longer does.
    static let signOffWords = ["signed off", "signed-off", "approved by", "accepted by", "sign-off received", "sign-off given"]
    static let signOffPhrases = TextSearch.Phrases(signOffWords)

    /// Does the text name this id as a word ("M5", not "M50")?
    func mentions(_ text: String, id: String) -> Bool { TextSearch.mentions(text, id: id) }
}
