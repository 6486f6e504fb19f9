/// A minimal JSON writer for trace lines: keys in the order written, and floats in their
/// shortest round-trip form (so a Float read back from the trace is the Float the machine
/// computed, bit for bit).
public struct JSONLine {
  private(set) var text = "{"
  private var first = true

  private mutating func key(_ k: String) {
    if !first { text += "," }
    first = false
    text += JSONLine.quote(k) + ":"
  }
  mutating func add(_ k: String, _ value: String) {
    key(k)
    text += JSONLine.quote(value)
  }
  mutating func add(_ k: String, _ value: Int) {
    key(k)
    text += String(value)
  }
  mutating func add(_ k: String, _ value: Bool) {
    key(k)
    text += value ? "true" : "false"
  }
  mutating func add<S: NTMScalar>(_ k: String, _ value: S) {
    key(k)
    text += JSONLine.number(value)
  }
  mutating func add<S: NTMScalar>(_ k: String, _ values: [S]) {
    key(k)
    text += JSONLine.array(values)
  }
  mutating func add<S: NTMScalar>(_ k: String, _ rows: [[S]]) {
    key(k)
    text += "[" + rows.map(JSONLine.array).joined(separator: ",") + "]"
  }
  /// A value already encoded as JSON.
  mutating func addRaw(_ k: String, _ json: String) {
    key(k)
    text += json
  }
  var closed: String { text + "}" }

  static func number<S: NTMScalar>(_ x: S) -> String {
    guard x.isFinite else { return "null" }  // JSON has no NaN; null marks it unmistakably
    let d = Double(x)
    if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
    if let f = x as? Float { return f.description }
    return d.description
  }
  static func array<S: NTMScalar>(_ values: [S]) -> String {
    "[" + values.map(number).joined(separator: ",") + "]"
  }
  /// `s` as a JSON string literal. Control characters (and DEL) are escaped, so the result is
  /// safe in a terminal recording as well as in a trace.
  public static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out +=
            "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
            + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
