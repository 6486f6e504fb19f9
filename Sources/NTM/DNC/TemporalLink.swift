/// The temporal link matrix and the precedence (docs/dnc.md, step 7), and the read heads'
/// link-following weightings (step 8), forward and backward.
///
/// These are the DNC's only N² work, so each direction is one pass over the rows of flat N × N
/// buffers, eight columns at a time: the forward pass forms row i of Lₜ and at once adds it
/// into every read head's forward and backward weightings; the backward pass forms row i of dLₜ
/// and at once everything it feeds. Each sum is taken in a fixed order, so results do not
/// depend on anything but the inputs.
enum TemporalLink {
  /// Lₜ[i, j] = (1 − wʷ[i] − wʷ[j]) Lₜ₋₁[i, j] + wʷ[i] pₜ₋₁[j], Lₜ[i, i] = 0; then for each read
  /// head the forward weighting Lₜ wʳₜ₋₁ and the backward weighting Lₜᵀ wʳₜ₋₁.
  static func forward<S: NTMScalar>(
    link previous: Matrix<S>, precedence p: [S], writeWeighting w: [S], readWeightings: [[S]]
  ) -> (link: Matrix<S>, forward: [[S]], backward: [[S]]) {
    let n = w.count
    let heads = readWeightings.count
    precondition(previous.rows == n && previous.columns == n && p.count == n)
    // Per head: the forward weighting, then the backward weighting, n values each.
    let sums = UnsafeMutablePointer<S>.allocate(capacity: 2 * heads * n)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0, count: 2 * heads * n)
    let values = [S](unsafeUninitializedCapacity: n * n) { out, count in
      withBuffers([previous.values, w, p] + readWeightings) { b in
        let (out, old, w, p, reads) = (out.baseAddress!, b[0], b[1], b[2], Array(b[3...]))
        for i in 0..<n {
          let (row, oldRow, wi) = (out + i * n, old + i * n, w[i])
          for j in stride(from: 0, to: n, by: 8) {
            let keep = 1 - wi - Kernels.load(w, j, count: n)
            let v = keep * Kernels.load(oldRow, j, count: n) + wi * Kernels.load(p, j, count: n)
            Kernels.store(v, row, j, count: n)
          }
          row[i] = 0
          for (h, read) in reads.enumerated() {
            let (forward, backward) = (sums + 2 * h * n, sums + (2 * h + 1) * n)
            forward[i] = Kernels.dot(row, read, count: n)
            if read[i] != 0 { Kernels.axpy(read[i], row, backward, count: n) }
          }
        }
      }
      count = n * n
    }
    func copy(_ k: Int) -> [S] { Array(UnsafeBufferPointer(start: sums + k * n, count: n)) }
    return (
      Matrix(rows: n, columns: n, values: values), (0..<heads).map { copy(2 * $0) },
      (0..<heads).map { copy(2 * $0 + 1) }
    )
  }

  /// pₜ = (1 − Σᵢ wʷ[i]) pₜ₋₁ + wʷ.
  static func precedence<S: NTMScalar>(previous p: [S], writeWeighting w: [S]) -> [S] {
    let keep = 1 - w.reduce(0, +)
    return p.indices.map { keep * p[$0] + w[$0] }
  }

  /// The gradients of the precedence: adds those with respect to wʷ into `dWrite` and returns the
  /// one with respect to pₜ₋₁, given `dPrecedence` with respect to pₜ.
  static func precedenceBackward<S: NTMScalar>(
    previous p: [S], writeWeighting w: [S], dPrecedence d: [S], dWrite: inout [S]
  ) -> [S] {
    let keep = 1 - w.reduce(0, +)
    var inner: S = 0  // Σⱼ dpₜ[j] pₜ₋₁[j]: each wʷ[i] scales all of pₜ₋₁ through the sum
    for j in p.indices { inner += d[j] * p[j] }
    for i in p.indices { dWrite[i] += d[i] - inner }
    return d.map { keep * $0 }
  }

  /// The gradients through `forward`, for one step.
  ///
  /// - `dLink` holds the gradient with respect to Lₜ from later steps on entry, and that with
  ///   respect to Lₜ₋₁ on return;
  /// - `dForward[h]`, `dBackward[h]`: the gradients with respect to head h's Lₜ wʳₜ₋₁ and
  ///   Lₜᵀ wʳₜ₋₁ (before any sharpening), whose part of dLₜ is added here;
  /// - the gradients with respect to wʷₜ, pₜ₋₁ and each wʳₜ₋₁ are added into `dWrite`,
  ///   `dPrecedence` and `dReadWeightings`.
  ///
  /// With g = dLₜ[i, j] (zero on the diagonal, which is fixed): dLₜ₋₁[i, j] = g (1 − w[i] − w[j]),
  /// dw[i] += g (p[j] − Lₜ₋₁[i, j]), dw[j] −= g Lₜ₋₁[i, j], dp[j] += g w[i]. Sums over j (row i's)
  /// go into SIMD lanes; sums over i (column j's) into per-column buffers, added at the end.
  static func backward<S: NTMScalar>(
    link: Matrix<S>, previousLink: Matrix<S>, previousPrecedence p: [S], writeWeighting w: [S],
    readWeightings: [[S]], dForward: [[S]], dBackward: [[S]], dLink: inout [S], dWrite: inout [S],
    dPrecedence: inout [S], dReadWeightings: inout [[S]]
  ) {
    let n = w.count
    let heads = readWeightings.count
    precondition(dLink.count == n * n && dForward.count == heads && dBackward.count == heads)
    // Column sums: dw (from −g Lₜ₋₁), dp, then each head's dwʳ (from Lₜᵀ df); and row sums of
    // dw (from g (p − Lₜ₋₁)) and of each head's dwʳ (from Lₜ db).
    let scratch = UnsafeMutablePointer<S>.allocate(capacity: (3 + 2 * heads) * n)
    defer { scratch.deallocate() }
    scratch.initialize(repeating: 0, count: (3 + 2 * heads) * n)
    let (columns, rows) = (scratch, scratch + (2 + heads) * n)
    dLink.withUnsafeMutableBufferPointer { dL in
      withBuffers([link.values, previousLink.values, w, p] + readWeightings + dForward + dBackward) { b in
        backwardRows(
          n: n, link: b[0], old: b[1], w: b[2], p: b[3], reads: Array(b[4..<(4 + heads)]),
          df: Array(b[(4 + heads)..<(4 + 2 * heads)]), db: Array(b[(4 + 2 * heads)...]), dL: dL.baseAddress!,
          columns: columns, rows: rows)
      }
    }
    for j in 0..<n {
      dWrite[j] += rows[j] + columns[j]
      dPrecedence[j] += columns[n + j]
    }
    for h in 0..<heads {
      for j in 0..<n { dReadWeightings[h][j] += columns[(2 + h) * n + j] + rows[(1 + h) * n + j] }
    }
  }

  /// The pass over the rows of `backward` (see there for the sums it forms), on raw buffers:
  /// per read head its wʳₜ₋₁ (`reads`) and the gradients `df`, `db`.
  @inline(__always)
  private static func backwardRows<S: NTMScalar>(
    n: Int, link: UnsafePointer<S>, old: UnsafePointer<S>, w: UnsafePointer<S>, p: UnsafePointer<S>,
    reads: [UnsafePointer<S>], df: [UnsafePointer<S>], db: [UnsafePointer<S>], dL: UnsafeMutablePointer<S>,
    columns: UnsafeMutablePointer<S>, rows: UnsafeMutablePointer<S>
  ) {
    let heads = reads.count
    let (dwColumns, dpColumns, dReadColumns) = (columns, columns + n, columns + 2 * n)
    let (dwRows, dReadRows) = (rows, rows + n)
    for i in 0..<n {
      let (row, oldRow, dRow, wi) = (link + i * n, old + i * n, dL + i * n, w[i])
      var dwRow = SIMD8<S>()
      for j in stride(from: 0, to: n, by: 8) {
        // g = dLₜ[i, j] in all: from later steps, and from this step's reads.
        var g = Kernels.load(dRow, j, count: n)
        for h in 0..<heads {
          g = df[h][i] * Kernels.load(reads[h], j, count: n) + g
          g = reads[h][i] * Kernels.load(db[h], j, count: n) + g
        }
        if (j..<(j + 8)).contains(i) { g[i - j] = 0 }
        let lOld = Kernels.load(oldRow, j, count: n)
        dwRow = g * (Kernels.load(p, j, count: n) - lOld) + dwRow
        Kernels.store(Kernels.load(dwColumns, j, count: n) - g * lOld, dwColumns, j, count: n)
        Kernels.store(g * wi + Kernels.load(dpColumns, j, count: n), dpColumns, j, count: n)
        Kernels.store(g * (1 - wi - Kernels.load(w, j, count: n)), dRow, j, count: n)
        let l = Kernels.load(row, j, count: n)
        for h in 0..<heads {
          let column = dReadColumns + h * n
          Kernels.store(l * df[h][i] + Kernels.load(column, j, count: n), column, j, count: n)
        }
      }
      dwRows[i] = dwRow.sum()
      for h in 0..<heads { dReadRows[h * n + i] = Kernels.dot(row, db[h], count: n) }
    }
  }
}
