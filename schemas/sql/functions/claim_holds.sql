-- function: True when a recomputed figure bears out a claimed one as the claim words it: over / at least (not below the claim, less its tolerance), under / at most (not above it, or above its upper figure), nearly (within 15% below), about (within 15% or the tolerance), else equal within the tolerance.
create or replace macro claim_holds(qualifier, figure, claimed, claimed_high, tolerance) as
    case qualifier
        when 'over' then figure >= claimed * (1 - tolerance)
        when 'at_least' then figure >= claimed * (1 - tolerance)
        when 'under' then figure <= claimed * (1 + tolerance)
        when 'at_most' then figure <= coalesce(claimed_high, claimed) * (1 + tolerance)
        when 'nearly' then figure between claimed * 0.85 and claimed * (1 + tolerance)
        when 'about' then abs(figure / claimed - 1) <= greatest(tolerance, 0.15)
        else abs(figure / claimed - 1) <= tolerance
    end
