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
    var (link, sums, reads) = (Matrix<S>(rows: 0, columns: 0), [S](), [S]())
    forward(
      link: previous, precedence: p, writeWeighting: w, readWeightings: readWeightings, into: &link,
      sums: &sums, reads: &reads)
    func copy(_ k: Int) -> [S] { Array(sums[(k * n)..<((k + 1) * n)]) }
    return (
      link, readWeightings.indices.map { copy(2 * $0) }, readWeightings.indices.map { copy(2 * $0 + 1) }
    )
  }

  /// `forward` into `link`, with head h's forward weighting at `sums[2hN..<(2h + 1)N]` and its
  /// backward weighting after it; `reads` is scratch space for the read weightings, laid end to
  /// end so that the pass over the rows reads them through one pointer.
  static func forward<S: NTMScalar>(
    link previous: Matrix<S>, precedence p: [S], writeWeighting w: [S], readWeightings: [[S]],
    into link: inout Matrix<S>, sums: inout [S], reads: inout [S]
  ) {
    let n = w.count
    let heads = readWeightings.count
    precondition(previous.rows == n && previous.columns == n && p.count == n)
    gather(readWeightings, count: n, into: &reads)
    sums.overwriteWithZeros(count: 2 * heads * n)
    if link.rows != n || link.columns != n { link = Matrix(rows: n, columns: n) }
    link.values.overwrite(count: n * n) { out in
      previous.values.withUnsafeBufferPointer { old in
        w.withUnsafeBufferPointer { w in
          p.withUnsafeBufferPointer { p in
            reads.withUnsafeBufferPointer { reads in
              sums.withUnsafeMutableBufferPointer { sums in
                let (old, w, p, reads, sums) = (
                  old.baseAddress!, w.baseAddress!, p.baseAddress!, reads.baseAddress!, sums.baseAddress!
                )
                for i in 0..<n {
                  let (row, oldRow, wi) = (out + i * n, old + i * n, w[i])
                  for j in stride(from: 0, to: n, by: 8) {
                    let keep = 1 - wi - Kernels.load(w, j, count: n)
                    let v = keep * Kernels.load(oldRow, j, count: n) + wi * Kernels.load(p, j, count: n)
                    Kernels.store(v, row, j, count: n)
                  }
                  row[i] = 0
                  for h in 0..<heads {
                    let (read, forward, backward) = (reads + h * n, sums + 2 * h * n, sums + (2 * h + 1) * n)
                    forward[i] = Kernels.dot(row, read, count: n)
                    if read[i] != 0 { Kernels.axpy(read[i], row, backward, count: n) }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// The vectors laid end to end in `flat`, `count` values each.
  static func gather<S: NTMScalar>(_ vectors: [[S]], count: Int, into flat: inout [S]) {
    flat.overwrite(count: vectors.count * count) { flat in
      for (k, vector) in vectors.enumerated() {
        precondition(vector.count == count)
        vector.withUnsafeBufferPointer { (flat + k * count).update(from: $0.baseAddress!, count: count) }
      }
    }
  }

  /// pₜ = (1 − Σᵢ wʷ[i]) pₜ₋₁ + wʷ.
  static func precedence<S: NTMScalar>(previous p: [S], writeWeighting w: [S]) -> [S] {
    var next: [S] = []
    precedence(previous: p, writeWeighting: w, into: &next)
    return next
  }

  /// `precedence` into `next`.
  static func precedence<S: NTMScalar>(previous p: [S], writeWeighting w: [S], into next: inout [S]) {
    let keep = 1 - w.reduce(0, +)
    next.overwrite(count: p.count) { next in
      for j in p.indices { next[j] = keep * p[j] + w[j] }
    }
  }

  /// The gradients of the precedence: adds those with respect to wʷ into `dWrite` and writes the
  /// one with respect to pₜ₋₁ into `dPrevious`, given `dPrecedence` with respect to pₜ.
  static func precedenceBackward<S: NTMScalar>(
    previous p: [S], writeWeighting w: [S], dPrecedence d: [S], dWrite: inout [S], dPrevious: inout [S]
  ) {
    let keep = 1 - w.reduce(0, +)
    var inner: S = 0  // Σⱼ dpₜ[j] pₜ₋₁[j]: each wʷ[i] scales all of pₜ₋₁ through the sum
    for j in p.indices { inner += d[j] * p[j] }
    for i in p.indices { dWrite[i] += d[i] - inner }
    dPrevious.overwrite(count: d.count) { dPrevious in
      for j in d.indices { dPrevious[j] = keep * d[j] }
    }
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
    var (reads, dLinks, scratch) = ([S](), [S](), [S]())
    gather(readWeightings, count: n, into: &reads)
    gather(dForward + dBackward, count: n, into: &dLinks)
    backward(
      link: link, previousLink: previousLink, previousPrecedence: p, writeWeighting: w,
      heads: readWeightings.count, reads: reads, dLinks: dLinks, dLink: &dLink, dWrite: &dWrite,
      dPrecedence: &dPrecedence, dReadWeightings: &dReadWeightings, scratch: &scratch)
  }

  /// `backward` with the heads' wʳₜ₋₁ laid end to end in `reads`, and their df then their db in
  /// `dLinks` (head h's df at hN, its db at (heads + h)N); `scratch` holds the row and column
  /// sums.
  static func backward<S: NTMScalar>(
    link: Matrix<S>, previousLink: Matrix<S>, previousPrecedence p: [S], writeWeighting w: [S], heads: Int,
    reads: [S], dLinks: [S], dLink: inout [S], dWrite: inout [S], dPrecedence: inout [S],
    dReadWeightings: inout [[S]], scratch: inout [S]
  ) {
    let n = w.count
    precondition(dLink.count == n * n && reads.count == heads * n && dLinks.count == 2 * heads * n)
    // Column sums: dw (from −g Lₜ₋₁), dp, then each head's dwʳ (from Lₜᵀ df); and row sums of
    // dw (from g (p − Lₜ₋₁)) and of each head's dwʳ (from Lₜ db).
    scratch.overwriteWithZeros(count: (3 + 2 * heads) * n)
    scratch.withUnsafeMutableBufferPointer { scratch in
      let (columns, rows) = (scratch.baseAddress!, scratch.baseAddress! + (2 + heads) * n)
      dLink.withUnsafeMutableBufferPointer { dL in
        link.values.withUnsafeBufferPointer { link in
          previousLink.values.withUnsafeBufferPointer { old in
            w.withUnsafeBufferPointer { w in
              p.withUnsafeBufferPointer { p in
                reads.withUnsafeBufferPointer { reads in
                  dLinks.withUnsafeBufferPointer { dLinks in
                    backwardRows(
                      n: n, heads: heads, link: link.baseAddress!, old: old.baseAddress!, w: w.baseAddress!,
                      p: p.baseAddress!, reads: reads.baseAddress!, df: dLinks.baseAddress!,
                      db: dLinks.baseAddress! + heads * n, dL: dL.baseAddress!, columns: columns, rows: rows)
                  }
                }
              }
            }
          }
        }
      }
      for j in 0..<n {
        dWrite[j] += rows[j] + columns[j]
        dPrecedence[j] += columns[n + j]
      }
      for h in 0..<heads {
        dReadWeightings[h].withUnsafeMutableBufferPointer { dRead in
          for j in 0..<n { dRead[j] += columns[(2 + h) * n + j] + rows[(1 + h) * n + j] }
        }
      }
    }
  }

  /// The pass over the rows of `backward` (see there for the sums it forms), on raw buffers:
  /// per read head h its wʳₜ₋₁ (`reads + hN`) and the gradients `df + hN`, `db + hN`.
  @inline(__always)
  private static func backwardRows<S: NTMScalar>(
    n: Int, heads: Int, link: UnsafePointer<S>, old: UnsafePointer<S>, w: UnsafePointer<S>,
    p: UnsafePointer<S>, reads: UnsafePointer<S>, df: UnsafePointer<S>, db: UnsafePointer<S>,
    dL: UnsafeMutablePointer<S>, columns: UnsafeMutablePointer<S>, rows: UnsafeMutablePointer<S>
  ) {
    let (dwColumns, dpColumns, dReadColumns) = (columns, columns + n, columns + 2 * n)
    let (dwRows, dReadRows) = (rows, rows + n)
    for i in 0..<n {
      let (row, oldRow, dRow, wi) = (link + i * n, old + i * n, dL + i * n, w[i])
      var dwRow = SIMD8<S>()
      for j in stride(from: 0, to: n, by: 8) {
        // g = dLₜ[i, j] in all: from later steps, and from this step's reads.
        var g = Kernels.load(dRow, j, count: n)
        for h in 0..<heads {
          g = df[h * n + i] * Kernels.load(reads + h * n, j, count: n) + g
          g = reads[h * n + i] * Kernels.load(db + h * n, j, count: n) + g
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
          Kernels.store(l * df[h * n + i] + Kernels.load(column, j, count: n), column, j, count: n)
        }
      }
      dwRows[i] = dwRow.sum()
      for h in 0..<heads { dReadRows[h * n + i] = Kernels.dot(row, db + h * n, count: n) }
    }
  }
}
