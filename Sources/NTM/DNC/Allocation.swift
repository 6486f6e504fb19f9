/// Dynamic memory allocation (docs/dnc.md, steps 2 to 4): the retention the free gates allow, the
/// usage it leaves, the free list and the allocation weighting, forward and backward.
///
/// Each function writes into vectors its caller keeps (a step record, the backward pass's
/// scratch), their buffers reused when they can be; the forms that return new arrays call them.
enum Allocation {
  /// ψ = Πᵢ (1 − fⁱ wʳ'ⁱₜ₋₁): 1 where no read head frees a location.
  static func retention<S: NTMScalar>(freeGates: [S], previousReadWeightings: [[S]]) -> [S] {
    var psi: [S] = []
    retention(
      heads: min(freeGates.count, previousReadWeightings.count), freeGate: { freeGates[$0] },
      previousReadWeightings: previousReadWeightings, into: &psi)
    return psi
  }

  /// `retention` into `psi`, with read head i's free gate `freeGate(i)`.
  static func retention<S: NTMScalar>(
    heads: Int, freeGate: (Int) -> S, previousReadWeightings: [[S]], into psi: inout [S]
  ) {
    let n = previousReadWeightings[0].count
    psi.overwrite(count: n) { psi in
      psi.update(repeating: 1, count: n)
      for i in 0..<heads {
        let f = freeGate(i)
        previousReadWeightings[i].withUnsafeBufferPointer { w in
          for j in 0..<n { psi[j] *= 1 - f * w[j] }
        }
      }
    }
  }

  /// uₜ = ũ ∘ ψₜ into `u`, where ũ = uₜ₋₁ + wʷₜ₋₁ − uₜ₋₁ ∘ wʷₜ₋₁ is the usage after last step's
  /// write, before freeing.
  static func usage<S: NTMScalar>(previous: [S], previousWrite: [S], retention psi: [S], into u: inout [S]) {
    let n = previous.count
    u.overwrite(count: n) { u in
      for j in 0..<n { u[j] = (previous[j] + previousWrite[j] - previous[j] * previousWrite[j]) * psi[j] }
    }
  }

  /// φ: the locations by ascending usage, exact ties by ascending location, so that the order
  /// (and with it the allocation) is the same on every run and every machine.
  static func freeList<S: NTMScalar>(usage u: [S]) -> [Int] {
    var phi: [Int] = []
    freeList(usage: u, into: &phi)
    return phi
  }

  /// `freeList` into `phi`: the locations in order, sorted in place (the sort `sorted` runs on
  /// its copy, from the same order, so the same permutation).
  static func freeList<S: NTMScalar>(usage u: [S], into phi: inout [Int]) {
    phi.removeAll(keepingCapacity: true)
    phi.append(contentsOf: u.indices)
    u.withUnsafeBufferPointer { u in
      phi.sort { u[$0] < u[$1] || (u[$0] == u[$1] && $0 < $1) }
    }
  }

  /// a[φ[j]] = (1 − u[φ[j]]) Πᵢ₍ᵢ₌₀…ⱼ₋₁₎ u[φ[i]]: the least used location gets most of the weight,
  /// and each next one what the ones before leave. Products of usages only: an all-zero usage
  /// gives a = (1, 0, …, 0) along the free list, never 0/0.
  static func weighting<S: NTMScalar>(usage u: [S], freeList phi: [Int]) -> [S] {
    var a: [S] = []
    weighting(usage: u, freeList: phi, into: &a)
    return a
  }

  /// `weighting` into `a`.
  static func weighting<S: NTMScalar>(usage u: [S], freeList phi: [Int], into a: inout [S]) {
    a.overwriteWithZeros(count: u.count)
    a.withUnsafeMutableBufferPointer { a in
      var product: S = 1
      for location in phi {
        a[location] = (1 - u[location]) * product
        product *= u[location]
      }
    }
  }

  /// The gradient with respect to the usage given `dAllocation` with respect to the allocation
  /// weighting, with the free list held fixed (docs/dnc.md: the sort is not differentiated).
  ///
  /// Along the free list, with Pₖ = Πᵢ₍ᵢ<ₖ₎ uᵢ and gₖ the gradient of aₖ = (1 − uₖ) Pₖ,
  /// du_k = Pₖ (Sₖ − gₖ) where Sₖ = Σⱼ₍ⱼ>ₖ₎ gⱼ (1 − uⱼ) Πᵢ₍ₖ<ᵢ<ⱼ₎ uᵢ, summed from the end of the
  /// list by Sₖ = gₖ₊₁ (1 − uₖ₊₁) + uₖ₊₁ Sₖ₊₁. No division by a usage, which may be zero.
  static func weightingBackward<S: NTMScalar>(usage u: [S], freeList phi: [Int], dAllocation g: [S]) -> [S] {
    var (du, prefix): ([S], [S]) = ([], [])
    weightingBackward(usage: u, freeList: phi, dAllocation: g, into: &du, prefix: &prefix)
    return du
  }

  /// `weightingBackward` into `du`, with `prefix` for the products Pₖ.
  static func weightingBackward<S: NTMScalar>(
    usage u: [S], freeList phi: [Int], dAllocation g: [S], into du: inout [S], prefix: inout [S]
  ) {
    let n = u.count
    prefix.overwrite(count: n) { prefix in  // Pₖ along the list
      prefix[0] = 1
      for k in 1..<max(n, 1) { prefix[k] = prefix[k - 1] * u[phi[k - 1]] }
    }
    du.overwriteWithZeros(count: n)
    prefix.withUnsafeBufferPointer { prefix in
      du.withUnsafeMutableBufferPointer { du in
        var later: S = 0  // Sₖ
        for k in stride(from: n - 1, through: 0, by: -1) {
          let location = phi[k]
          du[location] = prefix[k] * (later - g[location])
          later = g[location] * (1 - u[location]) + u[location] * later
        }
      }
    }
  }

  /// Backward through the usage and the retention, given `dUsage` with respect to uₜ and
  /// `dRetention` already gathered for ψₜ (from de-allocation). Writes the gradients with
  /// respect to uₜ₋₁ and wʷₜ₋₁ into `dPreviousUsage` and `dPreviousWrite`, and adds those with
  /// respect to the free gates and to each read head's wʳₜ₋₁ into `dFreeGates` and
  /// `dPreviousReadWeightings`; `dPsi` is scratch space.
  ///
  /// The derivative of ψ with respect to one head's factor multiplies out the other heads'
  /// factors rather than dividing ψ by it, so a factor of exactly zero is handled.
  static func usageBackward<S: NTMScalar>(
    previousUsage: [S], previousWrite: [S], retention psi: [S], freeGates: [S], previousReadWeightings: [[S]],
    dUsage: [S], dRetention: [S], dFreeGates: inout [S], dPreviousReadWeightings: inout [[S]],
    dPreviousUsage: inout [S], dPreviousWrite: inout [S], dPsi: inout [S]
  ) {
    let n = psi.count
    dPreviousUsage.overwrite(count: n) { _ in }
    dPreviousWrite.overwrite(count: n) { _ in }
    dPsi.overwrite(copying: dRetention)
    dPsi.withUnsafeMutableBufferPointer { dPsi in
      dPreviousUsage.withUnsafeMutableBufferPointer { dPreviousUsage in
        dPreviousWrite.withUnsafeMutableBufferPointer { dPreviousWrite in
          for j in 0..<n {
            // ũ[j], the usage after last step's write, as `usage` forms it.
            let written = previousUsage[j] + previousWrite[j] - previousUsage[j] * previousWrite[j]
            dPsi[j] += dUsage[j] * written
            let dWritten = dUsage[j] * psi[j]
            dPreviousUsage[j] = dWritten * (1 - previousWrite[j])
            dPreviousWrite[j] = dWritten * (1 - previousUsage[j])
          }
        }
      }
      let heads = freeGates.count
      for i in 0..<heads {
        let f = freeGates[i]
        previousReadWeightings[i].withUnsafeBufferPointer { w in
          for j in 0..<n where dPsi[j] != 0 {
            var others: S = 1
            for k in 0..<heads where k != i { others *= 1 - freeGates[k] * previousReadWeightings[k][j] }
            let d = dPsi[j] * others  // ∂ψ/∂(1 − f wʳ[j]) times dψ
            dFreeGates[i] -= d * w[j]
            dPreviousReadWeightings[i][j] -= d * f
          }
        }
      }
    }
  }
}
