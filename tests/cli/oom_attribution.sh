# A kernel OOM kill names only cgroup paths; rightsize ties it to its container through
# cAdvisor's id label (or pod statuses), then counts it for that container.
. "$(dirname "$0")/lib/common.sh"
R=$RIGHTSIZE
UID_=7c57de98-0c20-4854-bfd1-e242e1b0940b
SLICE=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c57de98_0c20_4854_bfd1_e242e1b0940b.slice
CID=145de86c73e55d2696305710df52707a579a0f73bc5f2ba10c0d33233a1c5b47
cat >"$TMP/cadvisor.csv" <<CSV
__name__,container,id,namespace,pod,value,timestamp
container_memory_working_set_bytes,api,$SLICE/cri-containerd-$CID.scope,shop,api-7d9f8c6b5d-x2x4z,500000000,2026-11-10T00:00:00Z
container_memory_working_set_bytes,api,$SLICE/cri-containerd-$CID.scope,shop,api-7d9f8c6b5d-x2x4z,520000000,2026-11-10T12:00:00Z
container_memory_working_set_bytes,api,$SLICE/cri-containerd-$CID.scope,shop,api-7d9f8c6b5d-x2x4z,530000000,2026-11-11T00:00:00Z
container_memory_working_set_bytes,,$SLICE,shop,api-7d9f8c6b5d-x2x4z,540000000,2026-11-10T00:00:00Z
CSV
cat >"$TMP/kern.log" <<LOG
Nov 10 06:00:01 node-1 systemd[1]: Started Session 42 of user core.
Nov 10 06:00:01 node-1 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999
Nov 10 06:00:01 node-1 kernel: memory: usage 524288kB, limit 524288kB, failcnt 412
Nov 10 06:00:01 node-1 kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-$CID.scope,mems_allowed=0,oom_memcg=$SLICE/cri-containerd-$CID.scope,task_memcg=$SLICE/cri-containerd-$CID.scope,task=java,pid=4242,uid=1000
Nov 10 06:00:01 node-1 kernel: Memory cgroup out of memory: Killed process 4242 (java) total-vm:2000000kB, anon-rss:520000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:3000kB oom_score_adj:999
Nov 10 09:30:00 node-1 kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod0f5eb28f-6722-4cf5-ab0f-b62748c018d4,task_memcg=/kubepods/pod0f5eb28f-6722-4cf5-ab0f-b62748c018d4/$CID$CID,task=python,pid=77,uid=0
Nov 10 09:30:00 node-1 kernel: Memory cgroup out of memory: Killed process 77 (python) total-vm:100000kB, anon-rss:90000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:300kB oom_score_adj:999
LOG
expect_exit 0 "ingest cAdvisor series and the node's kernel log" -- "$R" ingest --year 2026 --db "$TMP/a.db" "$TMP/cadvisor.csv" "$TMP/kern.log"
expect_grep "2 OOM events" "$TMP/err" "two kills in the kernel log"
expect_exit 0 "events" -- "$R" events --db "$TMP/a.db" --format csv
expect_grep "^2026-11-10T06:00:01Z,kernel-log,memcg,node-1,4242,java,$UID_,$CID,536870912,536870912,,shop,api,api-7d9f8c6b5d-x2x4z,api," \
	"$TMP/out" "the first kill is tied to shop/api's container through the cgroup path, with the limit at the kill"
expect_grep "^2026-11-10T09:30:00Z,kernel-log,memcg,node-1,77,python,0f5eb28f-6722-4cf5-ab0f-b62748c018d4,.*,,,,,," \
	"$TMP/out" "a kill of an unknown pod stays untied"
expect_exit 0 "report" -- "$R" report --fail-on none --db "$TMP/a.db"
expect_grep "api .* 1 .*OOM_KILLED" "$TMP/out" "the api container has its kill"
expect_grep "limit at the kill 512Mi" "$TMP/out" "with the limit the kernel printed"
expect_grep "1 tied to containers of this report; 1 more not tied to any, on node-1" "$TMP/out" "the untied kill is said, with its node"
finish
