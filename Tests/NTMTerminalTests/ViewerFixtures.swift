import NTM
import Testing

@testable import NTMTerminal

/// Viewer states built from models made in the test (no shipped checkpoint needed), and small
/// helpers to drive them with keys and read their renders.
enum ViewerFixture {
  static let full = Size(width: 120, height: 40)
  static let small = Size(width: 80, height: 24)
  static let color256 = Theme(colorMode: .color256, glyphs: .unicode)

  /// An untrained model for `task`, labelled the way `ntm view` labels one.
  static func untrainedModel(
    for task: any TaskGenerator, seed: UInt64 = 1, configure: (inout Configuration) -> Void = { _ in }
  ) -> ViewerModel {
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    configure(&c)
    return ViewerModel(
      parameters: .ntm(Parameters(configuration: c, seed: seed)), label: "untrained (seed \(seed))",
      sequencesSeen: 0, taskName: task.name, taskParameters: task.parameters)
  }

  /// The copy task with an untrained model: length 10 (21 steps) unless `size` says otherwise.
  static func copyState(
    seed: UInt64 = 1, size: Int? = nil, configure: (inout Configuration) -> Void = { _ in },
    shelf: [ViewerModel] = []
  ) throws -> ViewerState {
    let task = try makeTask(named: "copy")
    return ViewerState(
      model: untrainedModel(for: task, configure: configure), task: task, seed: seed, size: size,
      shelf: shelf)
  }
}

extension ViewerState {
  /// The state after `keys` on a screen of `size`, failing the test if any of them quits.
  func pressing(
    _ keys: Key..., size: Size = ViewerFixture.full, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> ViewerState {
    var s = self
    for key in keys {
      s = try #require(
        s.updated(by: .key(key), size: size), "\(key) quit the viewer", sourceLocation: sourceLocation)
    }
    return s
  }

  func pressing(
    _ key: Key, times: Int, size: Size = ViewerFixture.full,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> ViewerState {
    var s = self
    for _ in 0..<times { s = try s.pressing(key, size: size, sourceLocation: sourceLocation) }
    return s
  }

  /// The state after a mouse press at (x, y) on a screen of `size`.
  func clicking(
    x: Int, y: Int, button: MouseButton = .left, size: Size = ViewerFixture.full,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> ViewerState {
    try #require(
      updated(by: .mouse(x: x, y: y, button: button), size: size), sourceLocation: sourceLocation)
  }

  func rendered(_ size: Size = ViewerFixture.full, theme: Theme = ViewerFixture.color256) -> CellGrid {
    ViewerScreen.render(self, size: size, theme: theme)
  }
}

extension CellGrid {
  /// The row whose text starts with `prefix` at column `x`, if any.
  func row(startingWith prefix: String, atX x: Int) -> Int? {
    lines().firstIndex { line in line.dropFirst(x).hasPrefix(prefix) }
  }
}

/// Every Float (as its bit pattern) and Int inside a value, in declaration order, found by
/// reflection: two values with equal lists are equal bit for bit, NaNs and signed zeros included.
func bitPatterns(_ value: Any) -> [UInt64] {
  var out: [UInt64] = []
  func collect(_ value: Any) {
    switch value {
    case let x as Float: out.append(UInt64(x.bitPattern))
    case let x as Double: out.append(x.bitPattern)
    case let x as Int: out.append(UInt64(bitPattern: Int64(x)))
    case let floats as [Float]: out.append(contentsOf: floats.map { UInt64($0.bitPattern) })
    default:
      let mirror = Mirror(reflecting: value)
      // Optionals: distinguish nil from an empty payload.
      if mirror.displayStyle == .optional { out.append(mirror.children.isEmpty ? 0 : 1) }
      for child in mirror.children { collect(child.value) }
    }
  }
  collect(value)
  return out
}
