/// Small vector kernels: dot products, axpy, and blocks over memory rows.
///
/// Written with explicit `SIMD8` loads and two accumulators because the compiler does not
/// reassociate floating-point sums and so leaves a plain loop scalar (about 6× slower here, see
/// SWIFT-NOTES.md). `a * b + c` rather than `addingProduct`, which becomes a call to `fmaf` on the
/// default x86-64 target. The dense layers' products are in DenseProducts.swift.
enum Kernels {
  /// Elements `j ..< j + 8` of a vector of `count` elements as a SIMD8; lanes past the end are
  /// zero. With `store`, lets a loop over a short vector (a memory row of M = 20 values) run in
  /// steps of 8 with no separate scalar tail; the extra lanes are computed and never stored.
  @inline(__always)
  static func load<S: NTMScalar>(_ p: UnsafePointer<S>, _ j: Int, count: Int) -> SIMD8<S> {
    if j + 8 <= count { return UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<S>.self) }
    var v = SIMD8<S>()
    for l in 0..<(count - j) { v[l] = p[j + l] }
    return v
  }

  /// Stores the lanes of `v` that fall inside a vector of `count` elements, at `j`.
  @inline(__always)
  static func store<S: NTMScalar>(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>, _ j: Int, count: Int) {
    if j + 8 <= count {
      UnsafeMutableRawPointer(p + j).storeBytes(of: v, as: SIMD8<S>.self)
    } else {
      for l in 0..<(count - j) { p[j + l] = v[l] }
    }
  }

  /// Eight-wide blocks over a short row of `count` elements (a memory row, M = 20), for loops
  /// that do element-wise work a block at a time with no scalar tail.
  ///
  /// The blocks start at 0, 8, 16, …; when `count` is not a multiple of 8, the last one is moved
  /// back to end at the row's end, overlapping the block before, and its lanes below `fresh` are
  /// ones already done. Recomputing an element gives the same value, so plain stores may write
  /// those lanes again; anything added up across blocks or rows must leave them out (sum per
  /// block, then `storeFresh`). Rows shorter than 8 are one block with the missing lanes zero.
  struct RowBlocks<S: NTMScalar> {
    let count: Int

    @inline(__always)
    func forEach(_ body: (_ start: Int, _ fresh: Int) -> Void) {
      guard count >= 8 else {
        body(0, 0)
        return
      }
      var j = 0
      while j < count {
        let start = min(j, count - 8)
        body(start, j - start)
        j += 8
      }
    }

    @inline(__always)
    func load(_ p: UnsafePointer<S>, _ start: Int) -> SIMD8<S> {
      count >= 8
        ? UnsafeRawPointer(p + start).loadUnaligned(as: SIMD8<S>.self) : Kernels.load(p, 0, count: count)
    }

    @inline(__always)
    func store(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>, _ start: Int) {
      if count >= 8 {
        UnsafeMutableRawPointer(p + start).storeBytes(of: v, as: SIMD8<S>.self)
      } else {
        Kernels.store(v, p, 0, count: count)
      }
    }

    /// The block's lanes from `fresh` on (and inside the row), stored one by one: for results
    /// that were summed per block, whose overlapping lanes must not be written twice.
    @inline(__always)
    func storeFresh(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>, _ start: Int, fresh: Int) {
      for l in fresh..<min(8, count - start) { p[start + l] = v[l] }
    }

    /// The number of blocks; block `(start + fresh) / 8` is the one `forEach` passes.
    var blockCount: Int { (count + 7) / 8 }

    /// Updates the row at `p` in place a block at a time: `body` gets each block's current
    /// values with its `start` and `fresh` (as `forEach` passes them) and returns its new values.
    ///
    /// The last block is read before any block is written, so where it overlaps the block before
    /// it sees the same old values that block saw, and stores the same new values again.
    @inline(__always)
    func update(
      _ p: UnsafeMutablePointer<S>, _ body: (_ old: SIMD8<S>, _ start: Int, _ fresh: Int) -> SIMD8<S>
    ) {
      guard count >= 8 else {
        store(body(load(p, 0), 0, 0), p, 0)
        return
      }
      let lastStart = count - 8
      let last = load(p, lastStart)
      var j = 0
      while j + 8 < count {
        store(body(load(p, j), j, 0), p, j)
        j += 8
      }
      store(body(last, lastStart, j - lastStart), p, lastStart)
    }
  }

  /// `x · y` over `count` elements.
  @inline(__always)
  static func dot<S: NTMScalar>(_ x: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int) -> S {
    var acc0 = SIMD8<S>()
    var acc1 = SIMD8<S>()
    var j = 0
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeRawPointer(y)
    let stride = MemoryLayout<S>.stride
    while j + 16 <= count {
      acc0 =
        rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        * ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) + acc0
      acc1 =
        rx.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
        * ry.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self) + acc1
      j += 16
    }
    if j + 8 <= count {
      acc0 =
        rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        * ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) + acc0
      j += 8
    }
    var sum = (acc0 + acc1).sum()
    while j < count {
      sum += x[j] * y[j]
      j += 1
    }
    return sum
  }

  /// `(x · x, x · y)` in one pass over `x`, each summed exactly as `dot` sums it (same
  /// accumulators, same order), so the results equal two calls of `dot`.
  @inline(__always)
  static func squaredNormAndDot<S: NTMScalar>(_ x: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int) -> (
    xx: S, xy: S
  ) {
    let partials = squaredNormAndDotPartials(x, y, count: count)
    var xx = partials.xx.sum()
    var xy = partials.xy.sum()
    // The partials cover every whole block of eight; the rest is summed one by one, as `dot` does.
    for j in (count - count % 8)..<count {
      xx += x[j] * x[j]
      xy += x[j] * y[j]
    }
    return (xx, xy)
  }

  /// The SIMD8 sums that `squaredNormAndDot` forms for x · x and x · y (each pair of
  /// accumulators added), before their lanes and the elements past the last multiple of 8.
  @inline(__always)
  static func squaredNormAndDotPartials<S: NTMScalar>(
    _ x: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int
  )
    -> (xx: SIMD8<S>, xy: SIMD8<S>)
  {
    var xx0 = SIMD8<S>()
    var xx1 = SIMD8<S>()
    var xy0 = SIMD8<S>()
    var xy1 = SIMD8<S>()
    var j = 0
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeRawPointer(y)
    let stride = MemoryLayout<S>.stride
    while j + 16 <= count {
      let x0 = rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
      let x1 = rx.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
      xx0 = x0 * x0 + xx0
      xx1 = x1 * x1 + xx1
      xy0 = x0 * ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) + xy0
      xy1 = x1 * ry.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self) + xy1
      j += 16
    }
    if j + 8 <= count {
      let x0 = rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
      xx0 = x0 * x0 + xx0
      xy0 = x0 * ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) + xy0
    }
    return (xx0 + xx1, xy0 + xy1)
  }

  /// `y += a x` over `count` elements.
  @inline(__always)
  static func axpy<S: NTMScalar>(_ a: S, _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count: Int) {
    let va = SIMD8<S>(repeating: a)
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeMutableRawPointer(y)
    let stride = MemoryLayout<S>.stride
    var j = 0
    while j + 8 <= count {
      let v =
        va * rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        + ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
      ry.storeBytes(of: v, toByteOffset: j * stride, as: SIMD8<S>.self)
      j += 8
    }
    while j < count {
      y[j] += a * x[j]
      j += 1
    }
  }

  /// `head` followed by each array of `tail`, as `head + tail.joined()` gives it but copied a
  /// block at a time (a flattened sequence is copied element by element through iterators).
  static func concatenated<S: NTMScalar>(_ head: [S], _ tail: [[S]]) -> [S] {
    var result: [S] = []
    result.reserveCapacity(head.count + tail.reduce(0) { $0 + $1.count })
    result.append(contentsOf: head)
    for part in tail { result.append(contentsOf: part) }
    return result
  }

  /// `concatenated(head, tail)` into `result`, its buffer kept when it can be.
  static func concatenate<S: NTMScalar>(_ head: [S], _ tail: [[S]], into result: inout [S]) {
    concatenate(head, tail.count, { tail[$0] }, into: &result)
  }

  /// `head` followed by `part(0)`, `part(1)`, … `part(parts - 1)` into `result`, its buffer kept
  /// when it can be.
  static func concatenate<S: NTMScalar>(
    _ head: [S], _ parts: Int, _ part: (Int) -> [S], into result: inout [S]
  ) {
    var count = head.count
    for k in 0..<parts { count += part(k).count }
    result.overwrite(count: count) { out in
      var at = 0
      func copy(_ values: [S]) {
        values.withUnsafeBufferPointer { values in
          if let base = values.baseAddress { (out + at).update(from: base, count: values.count) }
        }
        at += values.count
      }
      copy(head)
      for k in 0..<parts { copy(part(k)) }
    }
  }

  /// `y[i] += x[i]` for every element of `x` (y may be longer). Through raw buffers: indexing
  /// an array held in another array (`dWeightings[h][i] += …`) checks both for uniqueness and
  /// bounds at every element.
  static func add<S: NTMScalar>(_ x: ArraySlice<S>, into y: inout [S]) {
    precondition(x.count <= y.count)
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        for i in 0..<x.count { y[i] += x[i] }
      }
    }
  }

  /// `y[i] += x[i]` for the `count` elements at `x` (y may be longer).
  static func add<S: NTMScalar>(_ x: UnsafePointer<S>, count: Int, into y: inout [S]) {
    precondition(count <= y.count)
    y.withUnsafeMutableBufferPointer { y in
      for i in 0..<count { y[i] += x[i] }
    }
  }

  /// `y[i] = x[i]` in place: `y`'s buffer is reused rather than replaced by a new array.
  static func assign<S: NTMScalar>(_ x: ArraySlice<S>, to y: inout [S]) {
    precondition(x.count == y.count)
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in _ = y.update(fromContentsOf: x) }
    }
  }

  /// Every element of `y` set to `value`, in place.
  static func fill<S: NTMScalar>(_ y: inout [S], with value: S) {
    y.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
  }

  /// Each component of `y` brought into −bound…bound (an infinity to the bound).
  static func clip<S: NTMScalar>(_ y: inout [S], to bound: S) {
    for i in y.indices { y[i] = min(max(y[i], -bound), bound) }
  }

  /// `p[k].sum()` in lane k, for eight vectors at once: each one's lanes added in order from
  /// −0, as `sum()` adds them, but eight independent sums side by side rather than one chain of
  /// dependent additions after another.
  @inline(__always)
  static func laneSums<S: NTMScalar>(_ p: UnsafePointer<SIMD8<S>>) -> SIMD8<S> {
    var sum = SIMD8<S>(repeating: -0.0)
    for l in 0..<8 {
      var lane = SIMD8<S>()
      for k in 0..<8 { lane[k] = p[k][l] }
      sum = sum + lane
    }
    return sum
  }
}
