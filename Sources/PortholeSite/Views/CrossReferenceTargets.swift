import PortholeCore
import PortholeMarkdown

/// What the ids in a project's notes and decisions link to on the client's
/// portal: a milestone's row on the milestones page, a RAID item's entry on
/// the risks page, a decision's own page.
enum CrossReferenceTargets {
    /// `#milestone-m5` on the milestones page (the row's `id`).
    static func milestoneAnchor(_ id: String) -> String { "milestone-" + Slug.folded(id) }

    /// `#raid-r1` on the risks page.
    static func raidAnchor(_ id: String) -> String { "raid-" + Slug.folded(id) }

    /// Every client-visible item of `project`, linked from a page at
    /// `depth`. An internal item is never a target, so its id stays plain
    /// text and its title is never put on a page (site.md property 2); the
    /// project is client-visible already, and internal items are left out
    /// here too. Where a milestone and a RAID item share an id, the
    /// milestone is linked.
    static func of(_ project: Project, depth: PageDepth) -> CrossReferences {
        let toProject = depth.toProject
        var targets: [String: CrossReference] = [:]
        for decision in project.decisions where !decision.isInternal {
            targets[decision.reference] = CrossReference(
                href: toProject + "decisions/\(decision.paddedNumber)/index.html", label: "\(decision.reference) \(decision.title)")
        }
        for risk in project.risks where !risk.isInternal {
            targets[risk.id] = CrossReference(
                href: toProject + "risks/index.html#" + raidAnchor(risk.id), label: "\(risk.id) \(risk.title)")
        }
        for milestone in project.milestones where !milestone.isInternal {
            targets[milestone.id] = CrossReference(
                href: toProject + "milestones/index.html#" + milestoneAnchor(milestone.id), label: "\(milestone.id) \(milestone.title)")
        }
        return CrossReferences(targets)
    }
}
