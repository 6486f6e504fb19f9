/// A terminal size in cells.
public struct Size: Hashable, Sendable {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }
}

/// A rectangle of cells: `x`, `y` is the top-left cell; `width` columns by `height` rows.
///
/// Layout code slices rectangles off each other rather than computing coordinates:
///
/// ```swift
/// let (header, body) = screen.sliceTop(1)
/// let (memory, side) = body.sliceRight(30)
/// ```
///
/// Negative sizes are clamped to zero, so over-eager slicing yields empty rectangles rather than
/// traps; every widget draws nothing into an empty rectangle.
public struct Rect: Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public init(size: Size) {
    self.init(x: 0, y: 0, width: size.width, height: size.height)
  }

  public var isEmpty: Bool { width <= 0 || height <= 0 }
  /// One past the last column.
  public var maxX: Int { x + width }
  /// One past the last row.
  public var maxY: Int { y + height }
  public var size: Size { Size(width: width, height: height) }

  public func contains(x px: Int, y py: Int) -> Bool {
    px >= x && px < maxX && py >= y && py < maxY
  }

  /// The overlap of two rectangles (empty, at `self`'s origin clamped, if they do not overlap).
  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x)
    let top = max(y, other.y)
    let right = min(maxX, other.maxX)
    let bottom = min(maxY, other.maxY)
    return Rect(x: left, y: top, width: right - left, height: bottom - top)
  }

  /// This rectangle shrunk by `amount` cells on every side.
  public func inset(by amount: Int) -> Rect {
    inset(horizontal: amount, vertical: amount)
  }

  public func inset(horizontal: Int, vertical: Int) -> Rect {
    Rect(
      x: x + horizontal, y: y + vertical, width: width - 2 * horizontal, height: height - 2 * vertical)
  }

  /// The top `rows` rows (at most the whole height), and what remains below them.
  public func sliceTop(_ rows: Int) -> (slice: Rect, remainder: Rect) {
    let n = min(max(rows, 0), height)
    return (
      Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n)
    )
  }

  /// The bottom `rows` rows, and what remains above them.
  public func sliceBottom(_ rows: Int) -> (slice: Rect, remainder: Rect) {
    let n = min(max(rows, 0), height)
    return (
      Rect(x: x, y: maxY - n, width: width, height: n), Rect(x: x, y: y, width: width, height: height - n)
    )
  }

  /// The left `columns` columns, and what remains to their right.
  public func sliceLeft(_ columns: Int) -> (slice: Rect, remainder: Rect) {
    let n = min(max(columns, 0), width)
    return (
      Rect(x: x, y: y, width: n, height: height), Rect(x: x + n, y: y, width: width - n, height: height)
    )
  }

  /// The right `columns` columns, and what remains to their left.
  public func sliceRight(_ columns: Int) -> (slice: Rect, remainder: Rect) {
    let n = min(max(columns, 0), width)
    return (
      Rect(x: maxX - n, y: y, width: n, height: height), Rect(x: x, y: y, width: width - n, height: height)
    )
  }

  /// A rectangle of at most `size`, centred in this one.
  public func centred(_ size: Size) -> Rect {
    let w = min(max(size.width, 0), width)
    let h = min(max(size.height, 0), height)
    return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
  }
}
