from django.contrib import admin

from thidua.clusters.models import Cluster, ClusterLeadership, ClusterMembership, Conference, Movement
from thidua.core.admin_base import ReadOnlyAdmin

for model in (Movement, Cluster, ClusterMembership, ClusterLeadership, Conference):
    admin.site.register(model, ReadOnlyAdmin)
