import PropertyBased
import Testing

@testable import PortholeSite

/// Password portals' keys are derived several at once, a SHA-256 block of
/// each chain in turn, or sixteen chains in AVX-512's lanes when a core has
/// eight or more (`PasswordKeys`): every key must be swift-crypto's PBKDF2
/// of its own password and salt, whatever the batch around it.
struct PasswordKeysPropertyTests {
    static let bytes: Generator<[UInt8], some SendableSequenceType> = Gen<UInt8>.uint8().array(of: 0...150)
    static let batch: Generator<([[UInt8]], [[UInt8]], Int), some SendableSequenceType> = zip(
        bytes.array(of: 1...20), bytes.array(of: 20), Gen<Int>.int(in: 1...40))

    @Test func test_eachKeyOfABatchIsSwiftCryptosPBKDF2() {
        Property.check("password-keys", cases: Property.cases / 4, Self.batch) { passwords, salts, rounds in
            let requests = zip(passwords, salts).map { PasswordKeys.Request(password: $0, salt: $1) }
            let keys = PasswordKeys.derive(requests, rounds: rounds)
            try Property.require(keys.count == requests.count, "\(keys.count) keys for \(requests.count) passwords")
            for (index, (request, key)) in zip(requests, keys).enumerated() {
                try Property.require(
                    key == PasswordKeys.reference(request, rounds: rounds),
                    "key \(index): \(request.password.count)-byte password, \(request.salt.count)-byte salt, \(rounds) rounds")
            }
        }
    }
}
