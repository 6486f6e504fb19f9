#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Float {
  /// The value rounded to `decimals` places and written with exactly that many ("0.50", "12.0"),
  /// for the library's sentences; "nan" and "inf" as they are.
  func decimalText(_ decimals: Int = 2) -> String {
    guard isFinite else { return "\(self)" }
    let scale = Float(pow(10, Double(decimals)))
    let rounded = (self * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
      let have = text.distance(from: dot, to: text.endIndex) - 1
      if have < decimals { text += String(repeating: "0", count: decimals - have) }
    }
    return text
  }
}
