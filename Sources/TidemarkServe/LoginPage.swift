/// The page a browser gets from `/` without the access token: a form that
/// posts it to `/login`, which sets it as a cookie. It shows no data.
enum LoginPage {
    /// The HTML; `failed` adds a line saying the last token was wrong.
    static func html(failed: Bool) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Tidemark · sign in</title>
        <style>
        \(DashboardPage.css)</style>
        </head>
        <body>
        <main class="page">
        <p class="eyebrow">Tidemark dashboard</p>
        <h1>Access token</h1>
        <p class="when">This dashboard needs the token its operator configured (serve.token_env).</p>
        \(failed ? "<p class=\"error\" role=\"alert\">That token is not right.</p>\n" : "")\
        <form class="custom" method="post" action="/login">
        <label>Token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
        <button type="submit">Open the dashboard</button>
        </form>
        </main>
        </body>
        </html>

        """
    }
}
