/// List prices of hosted models in US dollars per million tokens (input, output), used to
/// give a cost to logged calls that carry none. Source: the providers' public price pages
/// (OpenAI and Anthropic, 2024-2025 list prices, standard tier, no caching discounts).
public enum ModelPricing {
    static let perMillionTokens: [(prefix: String, input: Double, output: Double)] = [
        ("gpt-4o-mini", 0.15, 0.60),
        ("gpt-4o", 2.50, 10.00),
        ("gpt-4.1-nano", 0.10, 0.40),
        ("gpt-4.1-mini", 0.40, 1.60),
        ("gpt-4.1", 2.00, 8.00),
        ("o3-mini", 1.10, 4.40),
        ("o1-mini", 1.10, 4.40),
        ("o1", 15.00, 60.00),
        ("gpt-3.5-turbo", 0.50, 1.50),
        ("claude-3-5-haiku", 0.80, 4.00),
        ("claude-3-5-sonnet", 3.00, 15.00),
        ("claude-3-7-sonnet", 3.00, 15.00),
        ("claude-3-opus", 15.00, 75.00),
    ]

    /// Cost in dollars of a call, or nil for a model not in the list or missing token counts.
    /// The longest matching prefix wins ("gpt-4o-mini-2024-07-18" is gpt-4o-mini, not gpt-4o).
    public static func cost(model: String?, inputTokens: Int?, outputTokens: Int?) -> Double? {
        guard let model = model?.lowercased(), inputTokens != nil || outputTokens != nil else { return nil }
        let match = perMillionTokens.filter { model.hasPrefix($0.prefix) }.max(by: { $0.prefix.count < $1.prefix.count })
        guard let price = match else { return nil }
        return (Double(inputTokens ?? 0) * price.input + Double(outputTokens ?? 0) * price.output) / 1_000_000
    }
}
