/// Fixed-point formatting of numbers for labels, without Foundation.
///
/// Deterministic across platforms (no locale, no `printf`), which render tests rely on.
public enum NumberFormat {
  /// `value` with exactly `decimals` digits after the point: `fixed(0.125, decimals: 2)` is
  /// "0.13" (ties away from zero), `fixed(-0.001, decimals: 2)` is "0.00" (no negative zero).
  /// NaN and infinities give "nan", "inf", "-inf". `minus` replaces the hyphen-minus.
  public static func fixed(_ value: Float, decimals: Int, minus: Character = "-") -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "\(minus)inf" : "inf" }
    let d = min(max(decimals, 0), 9)
    var scale: Double = 1
    for _ in 0..<d { scale *= 10 }
    let scaled = (Double(abs(value)) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 1e18 else { return value < 0 ? "\(minus)inf" : "inf" }
    let units = UInt64(scaled)
    let divisor = UInt64(scale)
    let whole = units / divisor
    var text = String(whole)
    if d > 0 {
      let fraction = String(units % divisor)
      text += "." + String(repeating: "0", count: d - fraction.count) + fraction
    }
    return value < 0 && units != 0 ? "\(minus)" + text : text
  }

  /// The most precise rendering of `value` that fits in `width` characters, dropping decimals
  /// and then the leading zero ("0.42" → ".42"); "#" repeated when nothing fits.
  /// Used to print values inside cells of a `VectorBar`.
  public static func compact(_ value: Float, width: Int, minus: Character = "-") -> String {
    guard width > 0 else { return "" }
    for decimals in stride(from: 2, through: 0, by: -1) {
      var text = fixed(value, decimals: decimals, minus: minus)
      if text.count <= width { return text }
      if text.hasPrefix("0.") {
        text.removeFirst()
      } else if text.hasPrefix("\(minus)0.") {
        text.remove(at: text.index(after: text.startIndex))
      }
      if text.count <= width { return text }
    }
    return String(repeating: "#", count: width)
  }
}
