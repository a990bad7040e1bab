#!/usr/bin/env bash
# A pivotrisk run of 10^8 paths as a Slurm job array of 64 shards, then a
# merge job that waits for it. Submit with
#
#   jid=$(sbatch --parsable docs/slurm-array.sh)
#   sbatch --dependency=afterok:$jid --wrap "./merge -json run1/result.json run1/shard-*.partial"
#
# examples/shard reads its index from SLURM_ARRAY_TASK_ID (the array must
# count from 0). A task that is requeued (pre-emption, node failure)
# continues from its checkpoint (-resume) and ends with the same partial.
# Build the programs once on the login node:
#   go build -o shard ./examples/shard && go build -o merge ./examples/merge
#SBATCH --job-name=pivotrisk-run1
#SBATCH --array=0-63%16
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --output=run1/shard-%a.log
set -euo pipefail
mkdir -p run1
exec ./shard \
  -scenario run1/scenario.json \
  -paths 1e8 -seed 1 -shards 64 -compact \
  -workers "${SLURM_CPUS_PER_TASK:-0}" \
  -checkpoint-every 5m -resume \
  -out "run1/shard-{i}.partial"
