/// Writing a vector's new values into the buffer it already has.
///
/// Training computes the same shapes sequence after sequence: a step record's vectors, the
/// backward pass's scratch, each layer's recorded gradients. Written through `overwrite`, a
/// vector kept from the sequence before (and referenced by nothing else) is refilled in place,
/// where building a new array would cost an allocation, a release of the old one and the
/// reference counting of everything that held it. A vector of another length, or one still
/// shared, is replaced by a new one, so a caller that keeps nothing gets the same values.
extension Array where Element: NTMScalar {
  /// Makes the array `count` long (values unspecified when it already was, zero otherwise) and
  /// calls `body` with a pointer to its elements. `body` is not called when `count` is zero.
  @inline(__always)
  mutating func overwrite(count: Int, _ body: (UnsafeMutablePointer<Element>) -> Void) {
    if self.count != count { resize(to: count) }
    guard count > 0 else { return }
    withUnsafeMutableBufferPointer { body($0.baseAddress!) }
  }

  /// A new length, in the buffer the array has when it is large enough: one scratch vector
  /// serves vectors of several lengths in turn (a write head's and a read head's parameters).
  private mutating func resize(to count: Int) {
    if capacity >= count {
      removeAll(keepingCapacity: true)
      append(contentsOf: repeatElement(0, count: count))
    } else {
      self = [Element](repeating: 0, count: count)
    }
  }

  /// The array made `count` long and filled with zeros, its buffer kept when it can be.
  @inline(__always)
  mutating func overwriteWithZeros(count: Int) {
    overwrite(count: count) { $0.update(repeating: 0, count: count) }
  }

  /// The array made a copy of `count` values at `source`, its buffer kept when it can be.
  @inline(__always)
  mutating func overwrite(copying source: UnsafePointer<Element>, count: Int) {
    overwrite(count: count) { $0.update(from: source, count: count) }
  }

  /// The array made a copy of `values`, its buffer kept when it can be.
  @inline(__always)
  mutating func overwrite(copying values: [Element]) {
    values.withUnsafeBufferPointer { v in
      overwrite(count: v.count) { $0.update(from: v.baseAddress!, count: v.count) }
    }
  }

  /// The array made a copy of `values`, its buffer kept when it can be.
  @inline(__always)
  mutating func overwrite(copying values: ArraySlice<Element>) {
    values.withUnsafeBufferPointer { v in
      overwrite(count: v.count) { $0.update(from: v.baseAddress!, count: v.count) }
    }
  }
}
