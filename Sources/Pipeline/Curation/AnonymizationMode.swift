/// How a finding is replaced.
public enum AnonymizationMode: Equatable, Sendable {
    /// `<EMAIL_1>`: numbered per entity, the same number for the same value within a call.
    case placeholder
    /// Every letter and digit becomes '*', separators stay ("***-***-****").
    case mask
    /// `<EMAIL_3f9a0c1d2b4e5f60>`: a salted 64-bit keyed hash, the same across calls and runs
    /// for the same salt, so joins on a hashed value still work. It is a keyed mixing
    /// function, not a cryptographic MAC: keep the salt secret, and know that values from
    /// a small space (phone numbers) can be guessed by anyone who has it.
    case hash(salt: String)
    /// The finding is removed.
    case redact

    /// Parses "placeholder", "mask", "hash" (needs a salt) or "redact".
    public init?(name: String, salt: String?) {
        switch name {
        case "placeholder": self = .placeholder
        case "mask": self = .mask
        case "redact": self = .redact
        case "hash":
            guard let salt, !salt.isEmpty else { return nil }
            self = .hash(salt: salt)
        default: return nil
        }
    }
}
