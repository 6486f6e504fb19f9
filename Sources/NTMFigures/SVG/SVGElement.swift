/// An element of an SVG document: a name, attributes in the order given, and children.
///
/// ```swift
/// let label = SVGElement("text", ["x": "10", "y": "20", "class": "title"], text: "Copy & recall")
/// label.xml  // <text x="10" y="20" class="title">Copy &amp; recall</text>
/// ```
///
/// Text and attribute values are escaped when written, so any string (a file name, a model
/// label) is safe to put in a figure.
public struct SVGElement: Sendable, Equatable {
  public var name: String
  public var attributes: [Attribute]
  public var children: [SVGNode]

  public struct Attribute: Sendable, Equatable {
    public var name: String
    public var value: String
  }

  public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGNode] = []) {
    self.name = name
    self.attributes = attributes.map { Attribute(name: $0.key, value: $0.value) }
    self.children = children
  }

  public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
    self.init(name, attributes, children: [.text(text)])
  }

  public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], elements: [SVGElement]) {
    self.init(name, attributes, children: elements.map(SVGNode.element))
  }

  /// This element with one more attribute.
  public func with(_ name: String, _ value: String) -> SVGElement {
    var copy = self
    copy.attributes.append(Attribute(name: name, value: value))
    return copy
  }

  /// The element as XML, each child element on its own line.
  public var xml: String {
    var out = ""
    write(to: &out)
    return out
  }

  private func write(to out: inout String) {
    out += "<" + name
    for a in attributes { out += " \(a.name)=\"\(XMLEscaping.attribute(a.value))\"" }
    guard !children.isEmpty else {
      out += "/>"
      return
    }
    out += ">"
    let hasElements = children.contains { if case .element = $0 { true } else { false } }
    for child in children {
      switch child {
      case .text(let text): out += XMLEscaping.text(text)
      case .element(let element):
        if hasElements { out += "\n" }
        element.write(to: &out)
      }
    }
    if hasElements { out += "\n" }
    out += "</" + name + ">"
  }
}

/// A child of an element: another element or text.
public enum SVGNode: Sendable, Equatable {
  case element(SVGElement)
  case text(String)
}

/// XML's escaping rules for text and attribute values.
public enum XMLEscaping {
  /// `&`, `<` and `>` escaped; characters XML 1.0 forbids (control characters other than tab,
  /// newline and carriage return) dropped, so that the document always parses.
  public static func text(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }

  /// As `text`, and quotes escaped too; tabs and newlines as character references, which an
  /// XML parser would otherwise normalise to spaces.
  public static func attribute(_ s: String) -> String {
    var out = ""
    for scalar in text(s).unicodeScalars {
      switch scalar {
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t": out += "&#9;"
      case "\n": out += "&#10;"
      case "\r": out += "&#13;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD: true
    case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }
}

/// Numbers as SVG writes them: at most two decimals, no trailing zeros, never "-0".
///
/// ```swift
/// svgNumber(12.3456)  // "12.35"
/// svgNumber(4.0)      // "4"
/// ```
public func svgNumber(_ x: Double) -> String {
  guard x.isFinite else { return "0" }
  let hundredths = (x * 100).rounded()
  if hundredths == 0 { return "0" }
  let negative = hundredths < 0
  let magnitude = Int64(abs(hundredths))
  var text = String(magnitude / 100)
  let fraction = magnitude % 100
  if fraction != 0 {
    text += "." + (fraction < 10 ? "0" : "") + String(fraction)
    while text.hasSuffix("0") { text.removeLast() }
  }
  return (negative ? "-" : "") + text
}
