import Foundation
import NTMFigures
import Testing

/// The SVG writer: escaping, numbers, and documents that parse as XML.
@Suite struct SVGElementTests {
  @Test func textAndAttributesAreEscapedAndParseBack() throws {
    let hostile = "a & b < c > d \"quoted\" 'single' \u{1}bell\ttab\nline"
    let element = SVGElement(
      "svg", ["xmlns": "http://www.w3.org/2000/svg", "data-label": hostile],
      children: [.element(SVGElement("text", ["class": "t"], text: hostile))])
    let tree = try SVGTree(element.xml)
    // The control character is dropped (XML cannot hold it); everything else survives.
    let expected = hostile.replacingOccurrences(of: "\u{1}", with: "")
    #expect(tree.root.attribute("data-label") == expected)
    #expect(try tree.elements("text", class: "t").first?.text == expected)
  }

  @Test func emptyElementsCloseThemselves() {
    #expect(SVGElement("rect", ["x": "1"]).xml == "<rect x=\"1\"/>")
    #expect(SVGElement("text", text: "a<b").xml == "<text>a&lt;b</text>")
  }

  @Test func numbersHaveAtMostTwoDecimalsAndNoNegativeZero() {
    #expect(svgNumber(12.3456) == "12.35")
    #expect(svgNumber(4) == "4")
    #expect(svgNumber(0.1) == "0.1")
    #expect(svgNumber(-0.001) == "0")
    #expect(svgNumber(-2.5) == "-2.5")
    #expect(svgNumber(.nan) == "0")
  }

  @Test func coloursAreHexAndScalesHitTheirEnds() {
    #expect(RGBColor(0x0A0B0C).hex == "#0a0b0c")
    #expect(RGBColor.viridis(0).hex == "#440154")
    #expect(RGBColor.viridis(1).hex == "#fde725")
    #expect(RGBColor.viridis(2) == RGBColor.viridis(1))
    #expect(RGBColor.diverging(-1).hex == "#053061")
    #expect(RGBColor.diverging(0).hex == "#f7f7f7")
    #expect(RGBColor.diverging(1).hex == "#67001f")
  }
}
