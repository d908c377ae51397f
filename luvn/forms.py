from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's length checked after Unicode normalisation.

    NFKC can make one character many ("ﷺ" becomes 18), so a username that passed the
    150-character limit could still overflow the login-attempt records of django-axes.
    """

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if limit and len(username) > limit:
            # The same message as for any wrong username: nothing about the account leaks.
            raise self.get_invalid_login_error()
        return username
