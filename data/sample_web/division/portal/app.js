// The portal's content exists only after this script runs (a single-page app).
document.getElementById('root').innerHTML = '<main><h1>Peer specialist portal</h1><p>Peer support specialists do not friend or follow the people they serve on social media.</p><p>Hugs and other physical contact happen only when the person served asks for them.</p></main>';
