import Foundation

/// Numbers as the notes under a figure write them.
enum NoteFormat {
  /// A count with thousands separated: 1,000.
  static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// A mean with three decimals, or with two when it is 100 or more.
  static func mean(_ x: Double) -> String { String(format: abs(x) >= 100 ? "%.2f" : "%.3f", x) }

  /// "1 sequence", "1,000 sequences".
  static func sequences(_ n: Int) -> String { "\(count(n)) sequence\(n == 1 ? "" : "s")" }

  /// "2 wrong bits", "1 wrong bit".
  static func wrongBits(_ n: Int) -> String { "\(n) wrong bit\(n == 1 ? "" : "s")" }
}
