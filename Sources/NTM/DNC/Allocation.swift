/// Dynamic memory allocation (docs/dnc.md, steps 2 to 4): the retention the free gates allow, the
/// usage it leaves, the free list and the allocation weighting, forward and backward.
enum Allocation {
  /// ψ = Πᵢ (1 − fⁱ wʳ'ⁱₜ₋₁): 1 where no read head frees a location.
  static func retention<S: NTMScalar>(freeGates: [S], previousReadWeightings: [[S]]) -> [S] {
    let n = previousReadWeightings[0].count
    var psi = [S](repeating: 1, count: n)
    for (f, w) in zip(freeGates, previousReadWeightings) {
      for j in 0..<n { psi[j] *= 1 - f * w[j] }
    }
    return psi
  }

  /// ũ = uₜ₋₁ + wʷₜ₋₁ − uₜ₋₁ ∘ wʷₜ₋₁: the usage after last step's write, before freeing.
  static func usageAfterWrite<S: NTMScalar>(previous u: [S], previousWrite w: [S]) -> [S] {
    u.indices.map { u[$0] + w[$0] - u[$0] * w[$0] }
  }

  /// uₜ = ũ ∘ ψₜ.
  static func usage<S: NTMScalar>(previous: [S], previousWrite: [S], retention psi: [S]) -> [S] {
    let written = usageAfterWrite(previous: previous, previousWrite: previousWrite)
    return written.indices.map { written[$0] * psi[$0] }
  }

  /// φ: the locations by ascending usage, exact ties by ascending location, so that the order
  /// (and with it the allocation) is the same on every run and every machine.
  static func freeList<S: NTMScalar>(usage u: [S]) -> [Int] {
    u.indices.sorted { u[$0] < u[$1] || (u[$0] == u[$1] && $0 < $1) }
  }

  /// a[φ[j]] = (1 − u[φ[j]]) Πᵢ₍ᵢ₌₀…ⱼ₋₁₎ u[φ[i]]: the least used location gets most of the weight,
  /// and each next one what the ones before leave. Products of usages only: an all-zero usage
  /// gives a = (1, 0, …, 0) along the free list, never 0/0.
  static func weighting<S: NTMScalar>(usage u: [S], freeList phi: [Int]) -> [S] {
    var a = [S](repeating: 0, count: u.count)
    var product: S = 1
    for location in phi {
      a[location] = (1 - u[location]) * product
      product *= u[location]
    }
    return a
  }

  /// The gradient with respect to the usage given `dAllocation` with respect to the allocation
  /// weighting, with the free list held fixed (docs/dnc.md: the sort is not differentiated).
  ///
  /// Along the free list, with Pₖ = Πᵢ₍ᵢ<ₖ₎ uᵢ and gₖ the gradient of aₖ = (1 − uₖ) Pₖ,
  /// du_k = Pₖ (Sₖ − gₖ) where Sₖ = Σⱼ₍ⱼ>ₖ₎ gⱼ (1 − uⱼ) Πᵢ₍ₖ<ᵢ<ⱼ₎ uᵢ, summed from the end of the
  /// list by Sₖ = gₖ₊₁ (1 − uₖ₊₁) + uₖ₊₁ Sₖ₊₁. No division by a usage, which may be zero.
  static func weightingBackward<S: NTMScalar>(usage u: [S], freeList phi: [Int], dAllocation g: [S]) -> [S] {
    let n = u.count
    var prefix = [S](repeating: 1, count: n)  // Pₖ along the list
    for k in 1..<max(n, 1) { prefix[k] = prefix[k - 1] * u[phi[k - 1]] }
    var du = [S](repeating: 0, count: n)
    var later: S = 0  // Sₖ
    for k in stride(from: n - 1, through: 0, by: -1) {
      let location = phi[k]
      du[location] = prefix[k] * (later - g[location])
      later = g[location] * (1 - u[location]) + u[location] * later
    }
    return du
  }

  /// Backward through the usage and the retention, given `dUsage` with respect to uₜ and
  /// `dRetention` already gathered for ψₜ (from de-allocation). Returns the gradients with
  /// respect to uₜ₋₁ and wʷₜ₋₁, and adds those with respect to the free gates and to each read
  /// head's wʳₜ₋₁ into `dFreeGates` and `dPreviousReadWeightings`.
  ///
  /// The derivative of ψ with respect to one head's factor multiplies out the other heads'
  /// factors rather than dividing ψ by it, so a factor of exactly zero is handled.
  static func usageBackward<S: NTMScalar>(
    previousUsage: [S], previousWrite: [S], retention psi: [S], freeGates: [S], previousReadWeightings: [[S]],
    dUsage: [S], dRetention: [S], dFreeGates: inout [S], dPreviousReadWeightings: inout [[S]]
  ) -> (dPreviousUsage: [S], dPreviousWrite: [S]) {
    let n = psi.count
    let written = usageAfterWrite(previous: previousUsage, previousWrite: previousWrite)
    var dPreviousUsage = [S](repeating: 0, count: n)
    var dPreviousWrite = [S](repeating: 0, count: n)
    var dPsi = dRetention
    for j in 0..<n {
      dPsi[j] += dUsage[j] * written[j]
      let dWritten = dUsage[j] * psi[j]
      dPreviousUsage[j] = dWritten * (1 - previousWrite[j])
      dPreviousWrite[j] = dWritten * (1 - previousUsage[j])
    }
    let heads = freeGates.count
    for i in 0..<heads {
      let (f, w) = (freeGates[i], previousReadWeightings[i])
      for j in 0..<n where dPsi[j] != 0 {
        var others: S = 1
        for k in 0..<heads where k != i { others *= 1 - freeGates[k] * previousReadWeightings[k][j] }
        let d = dPsi[j] * others  // ∂ψ/∂(1 − f wʳ[j]) times dψ
        dFreeGates[i] -= d * w[j]
        dPreviousReadWeightings[i][j] -= d * f
      }
    }
    return (dPreviousUsage, dPreviousWrite)
  }
}
