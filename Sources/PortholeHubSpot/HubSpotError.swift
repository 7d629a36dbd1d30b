import Foundation

/// Why an exchange with HubSpot stopped, as one line for the terminal. No
/// case carries the token, and `line` scrubs it from anything the server
/// said, so it is never printed (docs/hubspot.md, "The token").
public enum HubSpotError: Error, Sendable {
    /// 401: the token is wrong, expired or revoked.
    case unauthorized(message: String)
    /// 403: the token works but lacks scopes (HubSpot's `MISSING_SCOPES`).
    case forbidden(message: String, scopes: [String])
    /// Any other refusal, after retries where they apply.
    case refused(status: Int, request: String, message: String)
    /// No answer at all (connection refused, DNS, TLS, time-out).
    case unreachable(request: String, reason: String)
    /// An answer that is not HubSpot's documented shape.
    case malformed(request: String, reason: String)

    /// The message, with the token (if it ever appeared) replaced.
    public func line(hiding token: String) -> String {
        let text: String
        switch self {
        case .unauthorized(let message):
            text =
                "HubSpot refused the token (401 Unauthorized\(message.isEmpty ? "" : ": \(message)")); set HUBSPOT_TOKEN to the access token of the agency's private app (docs/hubspot.md)"
        case .forbidden(let message, let scopes):
            let needed = scopes.isEmpty ? HubSpotScopes.all : scopes
            text =
                "HubSpot refused the request (403 Forbidden\(message.isEmpty ? "" : ": \(message)")); give the private app the scopes \(needed.joined(separator: ", ")) (docs/hubspot.md)"
        case .refused(let status, let request, let message):
            text = "HubSpot answered \(status) to \(request)\(message.isEmpty ? "" : ": \(message)")"
        case .unreachable(let request, let reason):
            text = "cannot reach HubSpot for \(request): \(reason)"
        case .malformed(let request, let reason):
            text = "unexpected answer from HubSpot to \(request): \(reason)"
        }
        guard !token.isEmpty else { return text }
        return text.replacingOccurrences(of: token, with: "[token]")
    }
}

/// The scopes of the private app, for the 403 message and the docs
/// (`crm.objects.contacts.write` is what HubSpot's notes API asks for).
public enum HubSpotScopes {
    public static let all = [
        "crm.objects.companies.read", "crm.objects.companies.write",
        "crm.objects.contacts.read", "crm.objects.contacts.write",
        "crm.objects.deals.read", "crm.objects.deals.write",
        "crm.schemas.companies.read", "crm.schemas.companies.write",
        "crm.schemas.deals.read", "crm.schemas.deals.write",
        "crm.objects.owners.read",
    ]
}
