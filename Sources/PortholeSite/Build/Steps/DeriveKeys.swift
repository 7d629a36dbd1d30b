import Foundation
import PortholeCore

/// Step 5: the keys of the password portals this build renders, all at
/// once (`PageSealer.derived`), when there are more of them than cores:
/// each is one long chain of SHA-256 blocks, and several chains side by
/// side take a fraction of the time BoringSSL's PBKDF2 takes for them one
/// after another. They are derived on threads of their own
/// (`PasswordKeyRing`) while the next step builds the other clients. A
/// client whose key is not coming (fewer portals than cores, one kept by
/// the plan whose files turned out changed, or one that became a password
/// portal since the last build) derives its own in its task.
struct DeriveKeys: BuildStep {
    let name = "keys"

    func run(_ build: inout BuildState) async -> StepResult {
        // `check` seals nothing, nor does the preview (its pages are plain);
        // a theme without `unlock.js` fails every password portal's build.
        guard build.sink != nil, !build.options.unsealedPreview, build.theme.assetPath("unlock.js") != nil else {
            return .skipped
        }
        let portals = build.plan.work.sorted { $0.key < $1.key }.compactMap { slug, work -> (slug: String, password: String)? in
            // A client's access is known once its `client.yaml` is loaded,
            // in its task; until then, the last build's says which client
            // with a password is not a password portal.
            guard case .render(let previous) = work, previous.map({ $0.access == .password }) ?? true,
                let password = build.passwords.password(for: slug)
            else { return nil }
            return (slug, password)
        }
        // With no more portals than cores, each would be a chain alone on its
        // core here: derived in their own tasks instead, each overlaps
        // other clients' work.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard portals.count > cores else { return .skipped }
        // With as many other clients to build meanwhile, sixteen portals to a
        // thread take the least CPU time; with fewer, the cores would wait
        // for the keys, so they are spread over all of them.
        let others = build.plan.renderCount - portals.count
        let perThread = others >= portals.count ? PasswordKeys.lanes : (portals.count + cores - 1) / cores
        build.keyRing = PasswordKeyRing(deriving: portals, secret: build.secret, perThread: perThread)
        return .next
    }
}
