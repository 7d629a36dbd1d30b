import PortholeMarkdown

/// The reporting discipline beyond the note's shape: the data and the words
/// must agree (docs/writing-updates.md, "What the check looks for").
extension ProjectRules {
    func checkStandard(_ project: Project, _ log: inout DiagnosticLog) {
        let latest = project.latestUpdate
        let overdue = project.milestones.filter { $0.state(today: today) == .overdue }

        // An overdue milestone is a forecast that has passed: the PM either
        // re-forecasts it or tells the client about it in the latest note.
        for milestone in overdue where !(latest.map { mentions($0.body, id: milestone.id) } ?? false) {
            log.warning("overdue-milestone",
                        "milestone \(milestone.id) '\(milestone.title)' is overdue (forecast \(milestone.forecast)) and the latest update does not mention it; re-forecast it or report it",
                        at: milestone.location)
        }

        if let latest, latest.status == .green {
            if let first = overdue.first {
                log.warning("rag-contradiction",
                            "status is green but milestone \(first.id) is overdue; the RAG should say what the data says",
                            at: latest.statusLocation)
            }
            if let worst = project.risks.filter({ $0.isOpen && $0.score >= 20 }).max(by: { $0.score < $1.score }) {
                log.warning("rag-contradiction",
                            "status is green but \(worst.kind.rawValue) \(worst.id) is open with score \(worst.score) (probability \(worst.probability) x impact \(worst.impact))",
                            at: latest.statusLocation)
            }
        }

        for decision in project.decisions where decision.status == .proposed {
            if let due = decision.due, due < today {
                log.warning("decision-overdue",
                            "\(decision.reference) is still proposed but its answer was due \(due); record the decision or move 'due'",
                            at: decision.dueLocation ?? decision.location)
            }
        }

        // A gate is the client's sign-off: when one is marked done, some
        // update or decision must say it was signed off (same line as its id).
        let gates = project.milestones.filter { $0.gate && $0.done != nil }
        if !gates.isEmpty {
            let needles = Self.signOffWords.map { Array($0.utf8) }
            var signOffLines: [Substring] = []
            for text in project.updates.map(\.body) + project.decisions.map({ $0.title + "\n" + $0.body }) {
                for line in text.split(separator: "\n") where TextSearch.containsAny(line, needles) {
                    signOffLines.append(line)
                }
            }
            for milestone in gates where !signOffLines.contains(where: { TextSearch.mentions(String($0), id: milestone.id) }) {
                log.warning("gate-without-sign-off",
                            "gate \(milestone.id) '\(milestone.title)' is marked done, but no update or decision records its sign-off (write '\(milestone.id) signed off by …' in the week's update)",
                            at: milestone.location)
            }
        }
    }

    static let signOffWords = ["signed off", "signed-off", "sign-off", "sign off", "signoff", "approved"]

    /// Does the text name this id as a word ("M5", not "M50")?
    func mentions(_ text: String, id: String) -> Bool { TextSearch.mentions(text, id: id) }
}
