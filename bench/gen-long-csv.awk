# gen-long-csv.awk -- synthetic promql-cli style "long" CSV of container
# memory samples, for the rightsize ingest benchmark.
#
#   awk -v samples=10000000 -v series=1000 -f bench/gen-long-csv.awk > long.csv
#
# (bench/gen-long-csv.sh wraps this and validates the arguments.)
#
# Output: header `__name__,container,namespace,pod,value,timestamp`, then
# exactly `samples` rows
#   container_memory_working_set_bytes,<container>,<namespace>,<pod>,<bytes>,<RFC3339 UTC>
# ordered by time, then by series (as a joined range-query export would be).
# Samples are 15 s apart, starting 2026-11-01T00:00:00Z; if samples is not a
# multiple of series the last time step is partial.
#
# Series: 20 deployments per namespace; namespaces are <team>-<env>
# (10 teams x 5 envs = 50, suffixed -2, -3, ... beyond that), so 1000 series
# = 50 namespaces x 20 deployments. One pod per series, named like a
# Deployment pod: <deploy>-<10-char hash>-<5 chars>; container = deployment.
#
# Values: a per-series random walk in 4 KiB pages, reflected into
# [100 MiB, 4 GiB], printed as integer bytes.
#
# Deterministic: uses its own Park-Miller generator (not awk's rand(), whose
# sequence differs between awks); all arithmetic is exact in doubles, so the
# output should not depend on the awk used (tested with mawk). Numbers are printed with %.0f because mawk's %d and default number
# formatting do not handle values >= 2^31.

function rnd() {                    # uniform in (0,1); exact in doubles
    state = (state * 16807) % 2147483647
    return state / 2147483647
}

function randstr(n,    s, i) {     # Kubernetes-style random suffix
    s = ""
    for (i = 0; i < n; i++)
        s = s substr(ALPHA, int(rnd() * 27) + 1, 1)
    return s
}

# RFC3339 UTC from Unix seconds (days-from-civil inverse, H. Hinnant).
function rfc3339(t,    days, sod, z, era, doe, yoe, y, doy, mp, d, m) {
    days = int(t / 86400); sod = t - days * 86400
    z = days + 719468
    era = int(z / 146097)           # t >= 0 here, so no floor issues
    doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153)
    d = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9
    if (m <= 2) y++
    return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
                   int(sod / 3600), int(sod % 3600 / 60), sod % 60)
}

BEGIN {
    if (samples == "") samples = 10000000
    if (series == "") series = 1000
    if (seed == "") seed = 20261101
    if (start == "") start = 1793491200     # 2026-11-01T00:00:00Z
    if (step == "") step = 15
    samples += 0; series += 0
    if (samples < 0 || series < 1) {
        print "gen-long-csv.awk: need samples >= 0 and series >= 1" > "/dev/stderr"
        exit 2
    }

    state = seed % 2147483646 + 1
    ALPHA = "bcdfghjklmnpqrstvwxz2456789"   # k8s rand.SafeEncodeString alphabet

    nt = split("payments checkout catalog search identity billing shipping analytics notifications platform", team, " ")
    ne = split("prod staging dev qa canary", env, " ")
    nd = split("api frontend worker scheduler gateway auth cart inventory pricing recommender indexer ingest exporter mailer webhook reporting cache-proxy session ledger audit", dep, " ")

    PAGE = 4096
    MINP = 25600                    # 100 MiB in pages
    MAXP = 1048576                  # 4 GiB in pages
    MAXSTEP = 512                   # +-2 MiB per 15 s step

    for (s = 0; s < series; s++) {
        d = s % nd
        n = int(s / nd)             # namespace index
        ns = team[n % nt + 1] "-" env[int(n / nt) % ne + 1]
        if (n >= nt * ne) ns = ns "-" (int(n / (nt * ne)) + 1)
        pod = dep[d + 1] "-" randstr(10) "-" randstr(5)
        prefix[s] = "container_memory_working_set_bytes," dep[d + 1] "," ns "," pod ","
        # start somewhere in 150 MiB .. ~1.6 GiB, skewed low
        u = rnd()
        pages[s] = int(38400 + u * u * 380000)
    }

    print "__name__,container,namespace,pod,value,timestamp"

    t = start
    left = samples
    while (left > 0) {
        ts = "," rfc3339(t) "\n"
        lim = left < series ? left : series
        for (s = 0; s < lim; s++) {
            p = pages[s] + int((rnd() - 0.5) * 2 * MAXSTEP)
            if (p < MINP) p = 2 * MINP - p
            else if (p > MAXP) p = 2 * MAXP - p
            pages[s] = p
            printf "%s%.0f%s", prefix[s], p * PAGE, ts
        }
        left -= lim
        t += step
    }
    exit 0
}
