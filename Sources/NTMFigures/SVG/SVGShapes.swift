/// The shapes figures are drawn with, numbers written by `svgNumber`.
///
/// ```swift
/// SVGElement.group("axis x", [
///   .line(from: (0, 100), to: (200, 100), stroke: .ink),
///   .text("time step", x: 100, y: 130, size: 11, anchor: "middle"),
/// ])
/// ```
extension SVGElement {
  /// `<g class="…">` holding `children`.
  static func group(_ className: String, _ children: [SVGElement]) -> SVGElement {
    SVGElement("g", ["class": className], elements: children)
  }

  /// A group moved to (x, y), for a panel drawn in its own coordinates.
  static func panel(_ className: String, x: Double, y: Double, _ children: [SVGElement]) -> SVGElement {
    SVGElement(
      "g", ["class": className, "transform": "translate(\(svgNumber(x)),\(svgNumber(y)))"], elements: children
    )
  }

  static func line(
    from a: (x: Double, y: Double), to b: (x: Double, y: Double), stroke: RGBColor, width: Double = 1
  ) -> SVGElement {
    SVGElement(
      "line",
      [
        "x1": svgNumber(a.x), "y1": svgNumber(a.y), "x2": svgNumber(b.x), "y2": svgNumber(b.y),
        "stroke": stroke.hex, "stroke-width": svgNumber(width),
      ])
  }

  /// A rectangle filled with `fill`, or an empty one (`fill` nil), for frames.
  static func rect(x: Double, y: Double, width: Double, height: Double, fill: RGBColor?) -> SVGElement {
    SVGElement(
      "rect",
      [
        "x": svgNumber(x), "y": svgNumber(y), "width": svgNumber(width), "height": svgNumber(height),
        "fill": fill?.hex ?? "none",
      ])
  }

  /// Text with its baseline at y, or centred on y when `centredVertically`; `anchor` is
  /// `start`, `middle` or `end`.
  static func text(
    _ text: String, x: Double, y: Double, size: Double, anchor: String = "start",
    centredVertically: Bool = false
  ) -> SVGElement {
    var element = SVGElement(
      "text", ["x": svgNumber(x), "y": svgNumber(y), "font-size": svgNumber(size)], text: text)
    if anchor != "start" { element = element.with("text-anchor", anchor) }
    if centredVertically { element = element.with("dominant-baseline", "middle") }
    return element
  }

  /// An axis tick: its mark and its label, tagged with what it stands for (`data-value`, the
  /// value on a numeric axis; `data-position`, the row or column of a matrix).
  static func tick(
    _ data: (name: String, value: String), mark: SVGElement, label: SVGElement, grid: SVGElement? = nil
  )
    -> SVGElement
  {
    group("tick", (grid.map { [$0] } ?? []) + [mark, label]).with(data.name, data.value)
  }
}
