import Testing

@testable import NTM

/// Central finite differences in Double, the check both machines' backward passes are held to.
///
/// Tolerance: |analytic − numeric| ≤ 1e-7 + 1e-5 · max(|analytic|, |numeric|). With h = 1e-5 the
/// truncation error of a central difference is about h² · f‴ ≈ 1e-10 and the rounding error
/// about 1e-16 / h ≈ 1e-11, so a real mistake in any term (typically ≥ 1e-3 relative) cannot
/// hide under this bound.
enum FiniteDifferences {
  static let step = 1e-5

  /// (loss(values + h eᵢ) − loss(values − h eᵢ)) / 2h.
  static func derivative(_ loss: ([Double]) -> Double, at values: [Double], index i: Int) -> Double {
    var plus = values
    plus[i] += step
    var minus = values
    minus[i] -= step
    return (loss(plus) - loss(minus)) / (2 * step)
  }

  static func agrees(_ analytic: Double, _ numeric: Double) -> Bool {
    abs(analytic - numeric) <= 1e-7 + 1e-5 * max(abs(analytic), abs(numeric))
  }

  /// Checks up to `entries` values of every block of `layout` (chosen at random, always
  /// including the first) against `analytic`, and that no block is zero at every checked entry
  /// (a block that never influences the loss would make its check vacuous).
  static func checkEveryBlock(
    _ layout: ParameterLayout, values: [Double], analytic: [Double], entries: Int, label: String,
    loss: ([Double]) -> Double, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    var rng = SeededGenerator(seed: 3)
    for block in layout.blocks {
      var indices = [block.offset]
      for _ in 0..<min(entries - 1, block.count - 1) {
        indices.append(block.offset + rng.int(in: 0...(block.count - 1)))
      }
      var blockIsZero = true
      for i in indices {
        let numeric = derivative(loss, at: values, index: i)
        if numeric != 0 { blockIsZero = false }
        #expect(
          agrees(analytic[i], numeric),
          "\(label): \(block.name)[\(i - block.offset)] analytic \(analytic[i]) numeric \(numeric)",
          sourceLocation: sourceLocation)
      }
      #expect(
        !blockIsZero, "\(label): \(block.name) has zero gradient at every checked entry",
        sourceLocation: sourceLocation)
    }
  }
}
