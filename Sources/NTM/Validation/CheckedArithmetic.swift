/// Integer arithmetic that answers nil on overflow instead of trapping, for sizes computed from
/// values a person or a file supplied (`--memory 999999999x999999999`, a shape in a header).
///
/// Every argument may itself be nil (an earlier overflow), which propagates, so a whole formula
/// reads as one expression: `Checked.sum(Checked.product(n, m), k)`.
public enum Checked {
  /// The product, or nil if any factor is nil or the product overflows `Int`.
  public static func product(_ factors: Int?...) -> Int? {
    var result = 1
    for factor in factors {
      guard let factor else { return nil }
      let (value, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      result = value
    }
    return result
  }

  /// The sum, or nil if any term is nil or the sum overflows `Int`.
  public static func sum(_ terms: Int?...) -> Int? {
    var result = 0
    for term in terms {
      guard let term else { return nil }
      let (value, overflow) = result.addingReportingOverflow(term)
      if overflow { return nil }
      result = value
    }
    return result
  }

  /// `value` as text, or "more than Int.max" for an overflow, for error messages.
  public static func describe(_ value: Int?) -> String {
    value.map(String.init) ?? "more than \(Int.max)"
  }
}
