extension Collection where Element == Float {
  /// The position of the largest value: the first on ties, NaNs skipped, nil when there is no
  /// number at all. One rule for every "where does this head look" on screen and in the library.
  public var argmax: Index? {
    var best: Index?
    for i in indices where !self[i].isNaN {
      if best == nil || self[i] > self[best!] { best = i }
    }
    return best
  }
}
