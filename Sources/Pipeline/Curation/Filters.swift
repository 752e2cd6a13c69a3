/// Why a call is left out of the training set.
public enum DropReason: String, CaseIterable, Sendable {
    case failed, cancelled, timeout
    case invalidToolJSON = "invalid_tool_json"
    case emptyOutput = "empty_output"
    case tooLong = "too_long"
    case exactDuplicate = "exact_duplicate"
    case nearDuplicate = "near_duplicate"
}

/// The call-level filters of `curate`, each one switchable.
public struct CallFilters: Sendable {
    public var dropFailed = true
    public var dropCancelled = true
    public var dropTimeouts = true
    public var dropInvalidToolJSON = true
    public var dropEmptyOutput = true
    /// Outputs longer than this many characters (runaway generations) are dropped; nil keeps all.
    public var maxOutputChars: Int? = 20_000

    public init() {}

    /// The first reason to drop `call`, or nil to keep it.
    public func reason(for call: LoggedCall) -> DropReason? {
        switch call.status {
        case .error where dropFailed: return .failed
        case .cancelled where dropCancelled: return .cancelled
        case .timeout where dropTimeouts: return .timeout
        default: break
        }
        if dropInvalidToolJSON && call.toolCalls.contains(where: { !$0.argumentsAreValidJSON }) { return .invalidToolJSON }
        let output = call.output ?? ""
        if dropEmptyOutput && call.toolCalls.isEmpty && output.allSatisfy({ $0.isWhitespace }) { return .emptyOutput }
        if let limit = maxOutputChars, output.count > limit { return .tooLong }
        return nil
    }
}
