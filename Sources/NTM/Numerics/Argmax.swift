extension Array where Element == Float {
  /// The index of the largest value: the first on ties, NaNs skipped, nil when there is no
  /// number at all. One rule for every "where does this head look" on screen and in the library.
  /// Inlinable, so that the screen's per-frame calls over 1,024 locations run specialised.
  @inlinable
  public var argmax: Int? {
    var best: Int?
    var largest = -Float.infinity
    for i in indices where !self[i].isNaN && (best == nil || self[i] > largest) {
      best = i
      largest = self[i]
    }
    return best
  }
}
