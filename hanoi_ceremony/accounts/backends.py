from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .roles import role_annotations


class RoleAwareBackend(ModelBackend):
    """Loads the signed-in user together with every role annotation, so a page knows the user's roles
    without another query."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.annotate(**role_annotations()).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
