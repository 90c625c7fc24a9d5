#!/bin/sh
# rightsize: memory requests and limits to apply (review before running).
# A container's cluster label is used as the kubectl context name (--context); without one,
# the command applies to the current context.
set -e

# prod-eu:airflow/nightly_etl.load_facts [base]: request 4000Mi -> 7305Mi, limit 8000Mi (kept)
# no airflow-task object to change: set memory where these pods are defined (the task's executor_config or pod template)

# prod-eu:shop/checkout [checkout]: request 512Mi -> 451Mi, limit 768Mi -> 564Mi
kubectl set resources deployment/checkout -n shop -c checkout --requests=memory=451Mi --limits=memory=564Mi --context=prod-eu

# prod-eu:shop/report-builder [builder]: request 4Gi -> 668Mi, limit 6Gi -> 899Mi
kubectl set resources deployment/report-builder -n shop -c builder --requests=memory=668Mi --limits=memory=899Mi --context=prod-eu
