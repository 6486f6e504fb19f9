/// The dense kernels that dominate the machine's time: matrix–vector products and the
/// rank-one updates of the backward pass.
///
/// Written with explicit `SIMD8` loads and two accumulators because the compiler does not
/// reassociate floating-point sums and so leaves a plain loop scalar (about 6× slower here, see
/// SWIFT-NOTES.md). `a * b + c` rather than `addingProduct`, which becomes a call to `fmaf` on the
/// default x86-64 target. Matrices are row-major.
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

  /// `z += a x`, then `z += b y`, in one pass over `z`: the same two sums per element as two
  /// calls of `axpy`, with one load and store of `z` instead of two.
  @inline(__always)
  static func axpy2<S: NTMScalar>(
    _ a: S, _ x: UnsafePointer<S>, _ b: S, _ y: UnsafePointer<S>, _ z: UnsafeMutablePointer<S>, count: Int
  ) {
    let va = SIMD8<S>(repeating: a)
    let vb = SIMD8<S>(repeating: b)
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeRawPointer(y)
    let rz = UnsafeMutableRawPointer(z)
    let stride = MemoryLayout<S>.stride
    var j = 0
    while j + 8 <= count {
      var v =
        va * rx.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        + rz.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
      v = vb * ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) + v
      rz.storeBytes(of: v, toByteOffset: j * stride, as: SIMD8<S>.self)
      j += 8
    }
    while j < count {
      z[j] += a * x[j]
      z[j] += b * y[j]
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

  /// `out = W x + b`, with W of `rows × columns`: `bias[r] + dot(W[r], x)` for every row.
  static func affine<S: NTMScalar>(
    weight: UnsafePointer<S>, bias: UnsafePointer<S>, input: [S], rows: Int, columns: Int
  ) -> [S] {
    var out = matrixVector(weight, input, rows: rows, columns: columns)
    out.withUnsafeMutableBufferPointer { out in
      for r in 0..<rows { out[r] = bias[r] + out[r] }
    }
    return out
  }

  /// `W x`, with W of `rows × columns`: `dot(W[r], x)` for every row, each summed exactly as
  /// `dot` sums it: two SIMD8 accumulators over the columns, the lanes of their sum added in
  /// order, then the columns left over one by one.
  ///
  /// The first part runs two rows at a time (`dotPartials`), so each load of x serves both rows;
  /// the lane sums and left-over columns then run eight rows at a time, one row per lane
  /// (`laneSums`), instead of as a chain of dependent additions at the end of every row.
  static func matrixVector<S: NTMScalar>(_ weight: UnsafePointer<S>, _ input: [S], rows: Int, columns: Int)
    -> [S]
  {
    precondition(input.count == columns)
    let vectorEnd = columns / 8 * 8  // columns that `dot` takes in its SIMD8 accumulators
    return [S](unsafeUninitializedCapacity: rows) { out, count in
      input.withUnsafeBufferPointer { x in
        let x = x.baseAddress!
        let partials = UnsafeMutablePointer<SIMD8<S>>.allocate(capacity: rows)
        defer { partials.deallocate() }
        var r = 0
        while r + 2 <= rows {
          (partials[r], partials[r + 1]) = dotPartials(
            weight + r * columns, weight + (r + 1) * columns, x, count: columns)
          r += 2
        }
        var i = 0
        while i + 8 <= r {
          var sum = laneSums(partials + i)
          for j in vectorEnd..<columns {
            var term = SIMD8<S>()
            for k in 0..<8 { term[k] = weight[(i + k) * columns + j] * x[j] }
            sum = sum + term
          }
          for k in 0..<8 { out[i + k] = sum[k] }
          i += 8
        }
        for i in i..<rows { out[i] = dot(weight + i * columns, x, count: columns) }
      }
      count = rows
    }
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

  /// The SIMD8 sums `dot` forms for two rows x₀ and x₁ against y (its two accumulators added),
  /// before their lanes and the columns past the last multiple of 8 are added.
  @inline(__always)
  static func dotPartials<S: NTMScalar>(
    _ x0: UnsafePointer<S>, _ x1: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int
  ) -> (SIMD8<S>, SIMD8<S>) {
    var a0 = SIMD8<S>()
    var a1 = SIMD8<S>()
    var b0 = SIMD8<S>()
    var b1 = SIMD8<S>()
    var j = 0
    let ra = UnsafeRawPointer(x0)
    let rb = UnsafeRawPointer(x1)
    let ry = UnsafeRawPointer(y)
    let stride = MemoryLayout<S>.stride
    while j + 16 <= count {
      let y0 = ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
      let y1 = ry.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
      a0 = ra.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) * y0 + a0
      a1 = ra.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self) * y1 + a1
      b0 = rb.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) * y0 + b0
      b1 = rb.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self) * y1 + b1
      j += 16
    }
    if j + 8 <= count {
      let y0 = ry.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
      a0 = ra.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) * y0 + a0
      b0 = rb.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self) * y0 + b0
    }
    return (a0 + a1, b0 + b1)
  }

  /// The input gradient of `out = W x + b`: `Wᵀ dout`. Rows whose gradient is exactly zero are
  /// skipped (steps without a target, gates at rest).
  ///
  /// The weight and bias gradients are not taken here: a sequence's backward pass keeps each
  /// step's `dout` and `x` and adds them once at the end (`accumulateOuterProducts`), so that the
  /// weight gradient is not streamed through the cache every timestep.
  ///
  /// Each block of 32 columns is held in registers while the rows meet it, and the rows are still
  /// added in order, as a row-by-row `axpy` would. The rows are taken a chunk of about 16 KB at
  /// a time, all column blocks per chunk, so that W is read from L2 once and then from L1 (a
  /// block's column strip down all 400 rows of the LSTM's W missed L1 at every row).
  /// Columns before `first` are not computed (left zero): the controller's first layer has no use
  /// for the gradient with respect to the task input xₜ.
  static func transposedProduct<S: NTMScalar>(
    weight: UnsafePointer<S>, outputGradient: [S], rows: Int, columns: Int, from first: Int = 0
  ) -> [S] {
    precondition(outputGradient.count == rows && first <= columns)
    return [S](unsafeUninitializedCapacity: columns) { out, count in
      out.baseAddress!.initialize(repeating: 0, count: columns)
      count = columns
      outputGradient.withUnsafeBufferPointer { dout in
        let result = UnsafeMutableRawPointer(out.baseAddress!)
        let w = UnsafeRawPointer(weight)
        let stride = MemoryLayout<S>.stride
        let rowBytes = columns * stride
        let chunkRows = max(1, 16_384 / rowBytes)
        let width = columns - first
        let fullEnd = first + width / 8 * 8  // columns done in whole blocks of 8
        // A last, partial block: a full block ending at the last column, overlapping columns
        // already done; summed in its own accumulator, and only its new columns stored.
        let tailStart = columns - 8
        let hasTail = width % 8 != 0 && width >= 8
        var tail = SIMD8<S>()
        /// `a` plus Σᵣ dout[r] W[r, j ..< j + 8] over the rows `rowRange`, in order.
        func block(_ a: SIMD8<S>, _ j: Int, _ rowRange: Range<Int>) -> SIMD8<S> {
          var a = a
          for r in rowRange where dout[r] != 0 {
            a =
              SIMD8<S>(repeating: dout[r])
              * w.loadUnaligned(fromByteOffset: r * rowBytes + j * stride, as: SIMD8<S>.self) + a
          }
          return a
        }
        for chunk in Swift.stride(from: 0, to: rows, by: chunkRows) {
          let rowRange = chunk..<min(rows, chunk + chunkRows)
          var j = first
          while j + 32 <= fullEnd {
            var a0 = result.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
            var a1 = result.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
            var a2 = result.loadUnaligned(fromByteOffset: (j + 16) * stride, as: SIMD8<S>.self)
            var a3 = result.loadUnaligned(fromByteOffset: (j + 24) * stride, as: SIMD8<S>.self)
            var row = w + rowRange.lowerBound * rowBytes + j * stride  // W[r, j], stepped down the rows
            for r in rowRange {
              let g = dout[r]
              if g != 0 {
                let vg = SIMD8<S>(repeating: g)
                a0 = vg * row.loadUnaligned(as: SIMD8<S>.self) + a0
                a1 = vg * row.loadUnaligned(fromByteOffset: 8 * stride, as: SIMD8<S>.self) + a1
                a2 = vg * row.loadUnaligned(fromByteOffset: 16 * stride, as: SIMD8<S>.self) + a2
                a3 = vg * row.loadUnaligned(fromByteOffset: 24 * stride, as: SIMD8<S>.self) + a3
              }
              row += rowBytes
            }
            result.storeBytes(of: a0, toByteOffset: j * stride, as: SIMD8<S>.self)
            result.storeBytes(of: a1, toByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
            result.storeBytes(of: a2, toByteOffset: (j + 16) * stride, as: SIMD8<S>.self)
            result.storeBytes(of: a3, toByteOffset: (j + 24) * stride, as: SIMD8<S>.self)
            j += 32
          }
          while j + 8 <= fullEnd {
            let a = block(result.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self), j, rowRange)
            result.storeBytes(of: a, toByteOffset: j * stride, as: SIMD8<S>.self)
            j += 8
          }
          if hasTail {
            tail = block(tail, tailStart, rowRange)
          } else if width < 8 {
            for j in first..<columns {
              var a = out[j]
              for r in rowRange where dout[r] != 0 { a += dout[r] * weight[r * columns + j] }
              out[j] = a
            }
          }
        }
        if hasTail {
          for l in (fullEnd - tailStart)..<8 { out[tailStart + l] = tail[l] }
        }
      }
    }
  }

  /// `W[r, :] += Σₜ dz[t][r] xₜ` and `b[r] += Σₜ dz[t][r]` for every row r: the weight and bias
  /// gradients of a dense layer over `steps` timesteps, with `dz` (steps × rows) and `x`
  /// (steps × columns) stored step after step. Terms whose dz is exactly zero are skipped.
  ///
  /// Every gradient element receives its steps' terms in the stored order, exactly as if they
  /// had been added step by step; but each block of a row now stays in registers while it meets
  /// every step, instead of the whole weight gradient passing through the cache once per step.
  static func accumulateOuterProducts<S: NTMScalar>(
    outputGradients dz: UnsafePointer<S>, inputs x: UnsafePointer<S>, steps: Int, rows: Int, columns: Int,
    weightGradient: UnsafeMutablePointer<S>, biasGradient: UnsafeMutablePointer<S>
  ) {
    let stride = MemoryLayout<S>.stride
    let rx = UnsafeRawPointer(x)
    let xBytes = columns * stride
    // Row r's coefficients, one per step, gathered so the inner loops read them in sequence.
    let coefficients = UnsafeMutablePointer<S>.allocate(capacity: steps)
    defer { coefficients.deallocate() }
    for r in 0..<rows {
      var bias = biasGradient[r]
      for t in 0..<steps {
        coefficients[t] = dz[t * rows + r]
        if coefficients[t] != 0 { bias += coefficients[t] }
      }
      biasGradient[r] = bias
      let out = UnsafeMutableRawPointer(weightGradient + r * columns)
      var j = 0
      while j + 32 <= columns {
        var a0 = out.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        var a1 = out.loadUnaligned(fromByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
        var a2 = out.loadUnaligned(fromByteOffset: (j + 16) * stride, as: SIMD8<S>.self)
        var a3 = out.loadUnaligned(fromByteOffset: (j + 24) * stride, as: SIMD8<S>.self)
        var input = rx + j * stride  // xₜ[j], stepped through the steps
        for t in 0..<steps {
          let g = coefficients[t]
          if g != 0 {
            let vg = SIMD8<S>(repeating: g)
            a0 = vg * input.loadUnaligned(as: SIMD8<S>.self) + a0
            a1 = vg * input.loadUnaligned(fromByteOffset: 8 * stride, as: SIMD8<S>.self) + a1
            a2 = vg * input.loadUnaligned(fromByteOffset: 16 * stride, as: SIMD8<S>.self) + a2
            a3 = vg * input.loadUnaligned(fromByteOffset: 24 * stride, as: SIMD8<S>.self) + a3
          }
          input += xBytes
        }
        out.storeBytes(of: a0, toByteOffset: j * stride, as: SIMD8<S>.self)
        out.storeBytes(of: a1, toByteOffset: (j + 8) * stride, as: SIMD8<S>.self)
        out.storeBytes(of: a2, toByteOffset: (j + 16) * stride, as: SIMD8<S>.self)
        out.storeBytes(of: a3, toByteOffset: (j + 24) * stride, as: SIMD8<S>.self)
        j += 32
      }
      /// Row r's gradient at columns j ..< j + 8 plus every step's term, in step order.
      func block(_ j: Int) -> SIMD8<S> {
        var a = out.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<S>.self)
        for t in 0..<steps where coefficients[t] != 0 {
          a =
            SIMD8<S>(repeating: coefficients[t])
            * rx.loadUnaligned(fromByteOffset: t * xBytes + j * stride, as: SIMD8<S>.self) + a
        }
        return a
      }
      while j + 8 <= columns {
        out.storeBytes(of: block(j), toByteOffset: j * stride, as: SIMD8<S>.self)
        j += 8
      }
      if j < columns && columns >= 8 {
        // The last few columns: a full block ending at the last column, of which only the
        // columns not yet done are stored (the others would be added twice).
        let start = columns - 8
        let a = block(start)
        for l in (j - start)..<8 { weightGradient[r * columns + start + l] = a[l] }
      } else {
        while j < columns {
          var a = weightGradient[r * columns + j]
          for t in 0..<steps where coefficients[t] != 0 { a += coefficients[t] * x[t * columns + j] }
          weightGradient[r * columns + j] = a
          j += 1
        }
      }
    }
  }
}
